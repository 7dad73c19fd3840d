package dev.acrwatch.source.loganalytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acrwatch.source.QueryFailureReason;
import dev.acrwatch.source.SourceException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueryResultReaderTest {

    /** Records what the reader hands over; copies each row because the reader reuses the array. */
    static final class Recorder implements QueryResultReader.ResultRows<List<String>> {
        final List<String> seen = new ArrayList<>();

        @Override
        public void columns(List<String> names) {
            seen.add("columns " + names);
        }

        @Override
        public void row(int rowNumber, String[] values) {
            seen.add(rowNumber + " " + Arrays.toString(values.clone()));
        }

        @Override
        public List<String> result() {
            return seen;
        }
    }

    static Optional<QueryResultReader.ServiceError> read(String json, Recorder rows) throws Exception {
        return QueryResultReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), rows, "here");
    }

    @Test
    void cellsArriveAsTheirJsonTextAndDynamicValuesAsJson() throws Exception {
        Recorder rows = new Recorder();
        Optional<QueryResultReader.ServiceError> error = read("{\"tables\":[{\"name\":\"PrimaryResult\","
                + "\"columns\":[{\"name\":\"A\",\"type\":\"string\"},{\"name\":\"B\",\"type\":\"long\"},"
                + "{\"name\":\"C\",\"type\":\"real\"},{\"name\":\"D\",\"type\":\"dynamic\"},{\"name\":\"E\",\"type\":\"bool\"}],"
                + "\"rows\":[[\"x\\\"y\",12,1.50,[[\"10.0.0.1\",5]],true],[null,-1,2e3,{\"k\":\"v\"},false]]}]}", rows);

        assertThat(error).isEmpty();
        assertThat(rows.seen).containsExactly(
                "columns [A, B, C, D, E]",
                "1 [x\"y, 12, 1.50, [[\"10.0.0.1\",5]], true]",
                "2 [null, -1, 2e3, {\"k\":\"v\"}, false]");
    }

    @Test
    void onlyTheFirstTableIsReadAndUnknownFieldsAreSkipped() throws Exception {
        Recorder rows = new Recorder();
        read("{\"statistics\":{\"query\":{\"x\":[1,2]}},\"tables\":[{\"name\":\"PrimaryResult\",\"extra\":{\"a\":[]},"
                + "\"columns\":[{\"name\":\"A\",\"type\":\"string\",\"more\":[1]}],\"rows\":[[\"one\"]]},"
                + "{\"name\":\"Other\",\"columns\":[{\"name\":\"Z\"}],\"rows\":[[\"not ours\"]]}],\"render\":null}", rows);

        assertThat(rows.seen).containsExactly("columns [A]", "1 [one]");
    }

    @Test
    void aServiceErrorIsReturnedEvenAfterTheRows() throws Exception {
        Recorder rows = new Recorder();
        Optional<QueryResultReader.ServiceError> error = read("{\"tables\":[{\"name\":\"PrimaryResult\","
                + "\"columns\":[{\"name\":\"A\"}],\"rows\":[[\"one\"]]}],"
                + "\"error\":{\"code\":\"PartialError\",\"message\":\"some shards failed\",\"details\":[{}]}}", rows);

        assertThat(error).contains(new QueryResultReader.ServiceError("PartialError", "some shards failed"));
    }

    @Test
    void aRowWithTheWrongNumberOfValuesFailsNamingTheRow() {
        Recorder rows = new Recorder();
        assertThatThrownBy(() -> read("{\"tables\":[{\"columns\":[{\"name\":\"A\"},{\"name\":\"B\"}],"
                + "\"rows\":[[\"1\",\"2\"],[\"3\"]]}]}", rows))
                .isInstanceOfSatisfying(SourceException.class, e -> {
                    assertThat(e.reason()).isEqualTo(QueryFailureReason.CLIENT);
                    assertThat(e.getMessage()).isEqualTo("here: malformed result row 2: 1 values for 2 columns");
                });
        assertThat(rows.seen).containsExactly("columns [A, B]", "1 [1, 2]");
    }

    @Test
    void aBodyThatIsNotTheApisJsonIsAnIoError() {
        assertThatThrownBy(() -> read("<html>gateway</html>", new Recorder())).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("[1,2]", new Recorder())).isInstanceOf(IOException.class)
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> read("{\"tables\":[{\"rows\":[[\"1\"]],\"columns\":[]}]}", new Recorder()))
                .isInstanceOf(IOException.class).hasMessageContaining("rows come before its columns");
    }

    @Test
    void aTruncatedBodyIsAnIoErrorNotAShortResult() {
        Recorder rows = new Recorder();
        assertThatThrownBy(() -> read("{\"tables\":[{\"columns\":[{\"name\":\"A\"}],\"rows\":[[\"1\"],[\"2\"", rows))
                .isInstanceOf(IOException.class);
    }

    @Test
    void noTablesIsNoRows() throws Exception {
        Recorder rows = new Recorder();
        assertThat(read("{\"tables\":[]}", rows)).isEmpty();
        assertThat(rows.seen).isEmpty();
    }
}
