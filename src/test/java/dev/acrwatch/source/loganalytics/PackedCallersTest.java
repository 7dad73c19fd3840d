package dev.acrwatch.source.loganalytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.source.QueryFailureReason;
import dev.acrwatch.source.SourceException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PackedCallersTest {

    static final Instant MINUTE = Instant.parse("2026-11-23T20:59:00Z");
    static final Instant INGESTED = Instant.parse("2026-11-23T21:00:40.5Z");
    static final String WHERE = "workspace prod table ContainerRegistryLoginEvents interval (a, b]";

    static EventCount base(long count) {
        return new EventCount(LogTable.LOGIN, MINUTE, "myreg.azurecr.io", "Login", "401", "sp-ci", "", "", count,
                INGESTED, 90.5, 40.25);
    }

    static EventCount count(String ip, long n, double delaySum, double delayMax) {
        return new EventCount(LogTable.LOGIN, MINUTE, "myreg.azurecr.io", "Login", "401", "sp-ci", ip, "", n,
                INGESTED, delaySum, delayMax);
    }

    static List<EventCount> expand(EventCount base, String callers) throws SourceException {
        List<EventCount> out = new ArrayList<>();
        PackedCallers.expand(base, callers, out, WHERE, 7);
        return out;
    }

    static String fails(long count, String callers) {
        SourceException e = catchThrowableOfType(SourceException.class, () -> expand(base(count), callers));
        assertThat(e).as("expected a failure for %s", callers).isNotNull();
        assertThat(e.reason()).isEqualTo(QueryFailureReason.CLIENT);
        assertThat(e.getCause()).isNull();
        return e.getMessage();
    }

    @Test
    void eachPairBecomesOneCountAndTheRowsDelaysGoOnTheFirstOnly() throws Exception {
        List<EventCount> out = expand(base(10), "[[\"20.42.5.10\",6],[\"20.42.5.11\",4]]");

        assertThat(out).containsExactly(count("20.42.5.10", 6, 90.5, 40.25), count("20.42.5.11", 4, 0, 0));
        assertThat(out.stream().mapToDouble(EventCount::ingestDelaySumSeconds).sum()).isEqualTo(90.5);
    }

    @Test
    void aRowWithoutDetailIsOneCountWithNoIp() throws Exception {
        assertThat(expand(base(120), "[[\"\",120]]")).containsExactly(count("", 120, 90.5, 40.25));
    }

    @Test
    void whatACappedListLeavesOutIsOneMoreCountWithNoIp() throws Exception {
        assertThat(expand(base(10), "[[\"20.42.5.10\",6],[\"20.42.5.11\",1]]"))
                .containsExactly(count("20.42.5.10", 6, 90.5, 40.25), count("20.42.5.11", 1, 0, 0), count("", 3, 0, 0));
        assertThat(expand(base(5), "[]")).containsExactly(count("", 5, 90.5, 40.25));
    }

    @Test
    void outputIsAppendedToWhatIsAlreadyThere() throws Exception {
        List<EventCount> out = new ArrayList<>(List.of(count("1.1.1.1", 1, 3, 3)));
        PackedCallers.expand(base(2), "[[\"20.42.5.10\",2]]", out, WHERE, 2);
        assertThat(out).containsExactly(count("1.1.1.1", 1, 3, 3), count("20.42.5.10", 2, 90.5, 40.25));
    }

    @Test
    void wholeCountsWrittenAsDecimalsAndNullIpsAreAccepted() throws Exception {
        assertThat(expand(base(3), "[[null,2.0],[\"10.0.0.1\",1e0]]"))
                .containsExactly(count("", 2, 90.5, 40.25), count("10.0.0.1", 1, 0, 0));
    }

    @Test
    void hostileIpStringsAreKeptVerbatim() throws Exception {
        String hostile = "\"; drop table x; <script>\u202e\n\u0000 or 1==1 ]]";
        String json = new ObjectMapper().writeValueAsString(List.of(List.of(hostile, 2)));

        assertThat(expand(base(2), json)).extracting(EventCount::callerIp).containsExactly(hostile);
    }

    @Test
    void theRestApisStringAndARawArrayTokenAreBothAccepted() throws Exception {
        String text = "[[\"10.0.0.1\",5]]";
        List<EventCount> fromString = readRow(new ObjectMapper().writeValueAsString(text));
        List<EventCount> fromRaw = readRow(text);

        assertThat(fromString).containsExactly(count("10.0.0.1", 5, 90.5, 40.25)).isEqualTo(fromRaw);
    }

    /** One response row of base(5)'s values with {@code callersCell} as its Callers cell, read as a poll reads it. */
    private static List<EventCount> readRow(String callersCell) throws Exception {
        String body = "{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":[{\"name\":\"Minute\"},"
                + "{\"name\":\"LoginServer\"},{\"name\":\"OperationName\"},{\"name\":\"ResultDescription\"},"
                + "{\"name\":\"Identity\"},{\"name\":\"Count\"},{\"name\":\"MaxIngestion\"},"
                + "{\"name\":\"DelaySumSec\"},{\"name\":\"DelayMaxSec\"},{\"name\":\"Callers\"}],\"rows\":[["
                + "\"" + MINUTE + "\",\"myreg.azurecr.io\",\"Login\",\"401\",\"sp-ci\",5,\"" + INGESTED
                + "\",90.5,40.25," + callersCell + "]]}]}";
        RowMapper rows = new RowMapper(LogTable.LOGIN, WHERE);
        QueryResultReader.read(new java.io.ByteArrayInputStream(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                rows, WHERE);
        return rows.result();
    }

    @Test
    void aValueThatIsNotAJsonArrayFailsNamingRowColumnAndValue() {
        String prefix = WHERE + ": malformed result row 7 column Callers: expected a JSON array of [ip, count] pairs";
        assertThat(fails(1, "10.0.0.1")).isEqualTo(prefix + ", found \"10.0.0.1\"");
        assertThat(fails(1, "[[\"10.0.0.1\",1]")).isEqualTo(prefix + ", found \"[[\\\"10.0.0.1\\\",1]\"");
        assertThat(fails(1, "[[\"10.0.0.1\",1]] x")).isEqualTo(prefix + ", found \"[[\\\"10.0.0.1\\\",1]] x\"");
        assertThat(fails(1, "{\"10.0.0.1\":1}")).isEqualTo(prefix + ", found \"{\\\"10.0.0.1\\\":1}\"");
        assertThat(fails(1, "")).isEqualTo(prefix + ", found \"\"");
        assertThat(fails(1, null)).isEqualTo(prefix + ", found null");
        // Unquoted addresses (what a List.toString of the pairs would give) are not JSON either.
        assertThat(fails(1, "[[10.0.0.1, 1]]")).isEqualTo(prefix + ", found \"[[10.0.0.1, 1]]\"");
    }

    @Test
    void aPairOfTheWrongShapeFailsNamingThePair() {
        String prefix = WHERE + ": malformed result row 7 column Callers: pair 2: expected [ip, whole count >= 0], found ";
        String first = "[\"10.0.0.1\",1],";
        assertThat(fails(9, "[" + first + "[\"10.0.0.2\"]]")).isEqualTo(prefix + "\"[\\\"10.0.0.2\\\"]\"");
        assertThat(fails(9, "[" + first + "[\"10.0.0.2\",1,2]]")).isEqualTo(prefix + "\"[\\\"10.0.0.2\\\",1,2]\"");
        assertThat(fails(9, "[" + first + "\"10.0.0.2\"]")).isEqualTo(prefix + "\"\\\"10.0.0.2\\\"\"");
        assertThat(fails(9, "[" + first + "[5,\"10.0.0.2\"]]")).isEqualTo(prefix + "\"[5,\\\"10.0.0.2\\\"]\"");
        assertThat(fails(9, "[" + first + "[\"10.0.0.2\",\"3\"]]")).isEqualTo(prefix + "\"[\\\"10.0.0.2\\\",\\\"3\\\"]\"");
    }

    @Test
    void aNegativeOrFractionalOrHugeCountFails() {
        String prefix = WHERE + ": malformed result row 7 column Callers: pair 1: expected [ip, whole count >= 0], found ";
        assertThat(fails(9, "[[\"10.0.0.1\",-1]]")).isEqualTo(prefix + "\"[\\\"10.0.0.1\\\",-1]\"");
        assertThat(fails(9, "[[\"10.0.0.1\",2.5]]")).isEqualTo(prefix + "\"[\\\"10.0.0.1\\\",2.5]\"");
        assertThat(fails(9, "[[\"10.0.0.1\",92233720368547758070]]"))
                .isEqualTo(prefix + "\"[\\\"10.0.0.1\\\",92233720368547758070]\"");
    }

    @Test
    void pairsThatSumToMoreThanTheRowsCountFail() {
        assertThat(fails(5, "[[\"10.0.0.1\",3],[\"10.0.0.2\",3]]")).isEqualTo(WHERE
                + ": malformed result row 7 column Callers: the pairs' counts add up to more than Count 5,"
                + " found \"[[\\\"10.0.0.1\\\",3],[\\\"10.0.0.2\\\",3]]\"");
        assertThat(fails(0, "[[\"10.0.0.1\",9223372036854775807],[\"10.0.0.2\",9223372036854775807]]"))
                .contains("add up to more than Count 0");
    }

    @Test
    void hostileIpsInAFailureAreEscapedAndCutInTheMessage() {
        String ip = "\u001b[31m\n" + "x".repeat(200);
        String json = "[[\"10.0.0.1\",1],[\"" + ip.replace("\u001b", "\\u001b").replace("\n", "\\n") + "\",-1]]";

        String message = fails(9, json);

        assertThat(message).doesNotContain("\u001b", "\n", "x".repeat(100)).contains("[31m").endsWith("…\"");
    }
}
