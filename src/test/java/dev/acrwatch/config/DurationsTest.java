package dev.acrwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest(name = "{0} is {1} ms")
    @CsvSource({
        "500ms, 500", "30s, 30000", "5m, 300000", "6h, 21600000", "2d, 172800000", "1w, 604800000",
        "1h30m, 5400000", "1m30s500ms, 90500", "0s, 0"
    })
    void readsPrometheusStyleDurations(String text, long millis) {
        assertThat(Durations.parse(text)).contains(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "\"{0}\" is rejected")
    @ValueSource(strings = {"", "5", "5 minutes", "-1m", "1.5h", "30m1h", "1H", " 5m", "5m ", "m", "99999999999999999999w"})
    void rejectsAnythingElse(String text) {
        assertThat(Durations.parse(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0} formats as {1}")
    @CsvSource({"60000, 1m", "5400000, 1h30m", "500, 500ms", "0, 0s", "90500, 1m30s500ms"})
    void formatsTheShortestFormItReadsBack(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
        assertThat(Durations.parse(text)).contains(Duration.ofMillis(millis));
    }
}
