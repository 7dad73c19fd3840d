package dev.acrwatch.source.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acrwatch.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScaledClockTest {

    private static final Instant REAL = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void runsSpeedTimesFasterThanItsBase() {
        MutableClock base = new MutableClock(REAL);
        ScaledClock clock = new ScaledClock(base, REAL, 20);
        base.advance(Duration.ofSeconds(3));
        assertThat(clock.instant()).isEqualTo(REAL.plusSeconds(60));
        assertThat(clock.toReal(Duration.ofMinutes(1))).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aStartInThePastCatchesUpWithRealTimeAndThenKeepsItsPace() {
        MutableClock base = new MutableClock(REAL);
        ScaledClock clock = new ScaledClock(base, REAL.minus(Duration.ofMinutes(57)), 20);
        base.advance(Duration.ofMinutes(1)); // 20 simulated minutes
        assertThat(clock.instant()).isEqualTo(REAL.minus(Duration.ofMinutes(37)));
        base.advance(Duration.ofMinutes(2)); // would be 60 simulated minutes: 3 min ahead of real
        assertThat(clock.instant()).isEqualTo(base.instant());
        base.advance(Duration.ofHours(5));
        assertThat(clock.instant()).isEqualTo(base.instant());
    }

    @Test
    void rejectsANonPositiveSpeed() {
        assertThatThrownBy(() -> new ScaledClock(new MutableClock(REAL), REAL, 0))
                .hasMessage("speed must be > 0, found 0.0");
    }
}
