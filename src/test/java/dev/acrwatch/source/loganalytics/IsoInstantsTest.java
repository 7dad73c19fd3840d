package dev.acrwatch.source.loganalytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoInstantsTest {

    @Test
    void theServicesUtcShapeReadsAsOffsetDateTimeReadsIt() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextInt(2_000_000_000) + 1_000_000_000L, random.nextInt(1_000_000_000));
            String full = t.toString(); // 0, 3, 6 or 9 fraction digits
            assertThat(IsoInstants.parse(full)).as(full).isEqualTo(OffsetDateTime.parse(full).toInstant());
            int digits = 1 + random.nextInt(9);
            String cut = t.atOffset(java.time.ZoneOffset.UTC).toLocalDateTime().toString().substring(0, 19) + "."
                    + String.format("%09d", t.getNano()).substring(0, digits) + "Z";
            assertThat(IsoInstants.parse(cut)).as(cut).isEqualTo(OffsetDateTime.parse(cut).toInstant());
        }
    }

    @Test
    void otherOffsetsAndShapesGoThroughTheGeneralParser() {
        assertThat(IsoInstants.parse("2026-11-23T22:00:40.5+01:00")).isEqualTo(Instant.parse("2026-11-23T21:00:40.500Z"));
        assertThat(IsoInstants.parse("2026-11-23T21:00Z")).isEqualTo(Instant.parse("2026-11-23T21:00:00Z"));
        assertThat(IsoInstants.parse("2026-11-23T21:00:40.123456789Z")).isEqualTo(Instant.parse("2026-11-23T21:00:40.123456789Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday-ish", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-23T24:00:00Z",
        "2026-11-23T21:60:00Z", "2026-11-23T21:00:61Z", "2026-11-23T21:00:00.1234567890Z",
        "2026-11-23 21:00:00Z", "2026-11-23T21:00:00", "2026-11-2xT21:00:00Z", "+2026-11-23T21:00:00Z"})
    void anythingElseIsNull(String text) {
        assertThat(IsoInstants.parse(text)).isNull();
    }
}
