package dev.acrwatch.source.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that runs {@code speed} times faster than a base clock from a given start, so the demo
 * plays an hour of registry traffic in minutes while the daemon's logic sees ordinary time. When
 * the start lies in the past, the clock catches up with the base clock and then keeps its pace:
 * that way timestamps the daemon exports never lie in Prometheus' future.
 */
public final class ScaledClock extends Clock {

    private final Clock base;
    private final Instant baseStart;
    private final Instant simStart;
    private final double speed;

    public ScaledClock(Clock base, Instant simStart, double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be > 0, found " + speed);
        }
        this.base = base;
        this.baseStart = base.instant();
        this.simStart = simStart;
        this.speed = speed;
    }

    public double speed() {
        return speed;
    }

    /** A simulated duration in the base clock's (real) time. */
    public Duration toReal(Duration simulated) {
        return Duration.ofNanos(Math.max(1, (long) (simulated.toNanos() / speed)));
    }

    @Override
    public Instant instant() {
        Instant real = base.instant();
        long realNanos = Duration.between(baseStart, real).toNanos();
        Instant scaled = simStart.plusNanos((long) (realNanos * speed));
        return simStart.isBefore(baseStart) && scaled.isAfter(real) ? real : scaled;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (!ZoneOffset.UTC.equals(zone.normalized())) {
            throw new IllegalArgumentException("the demo clock is UTC only, asked for " + zone);
        }
        return this;
    }
}
