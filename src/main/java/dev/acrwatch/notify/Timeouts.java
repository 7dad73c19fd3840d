package dev.acrwatch.notify;

import java.time.Duration;
import java.util.Objects;

/** Connect and read timeouts of one receiver; a slow receiver must not stall the dispatcher. */
public record Timeouts(Duration connect, Duration read) {

    public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(15));

    public Timeouts {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(read, "read");
        if (connect.isNegative() || connect.isZero() || read.isNegative() || read.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive, found connect=" + connect + " read=" + read);
        }
    }
}
