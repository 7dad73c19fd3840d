package dev.acrwatch.source;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A half-open interval of ingestion time {@code (from, to]}: one poll asks for exactly the rows
 * that became queryable in it, which is what makes counting exactly-once.
 */
public record IngestionInterval(Instant fromExclusive, Instant toInclusive) {

    public IngestionInterval {
        Objects.requireNonNull(fromExclusive, "fromExclusive");
        Objects.requireNonNull(toInclusive, "toInclusive");
        if (!toInclusive.isAfter(fromExclusive)) {
            throw new IllegalArgumentException(
                    "interval end " + toInclusive + " must be after its start " + fromExclusive);
        }
    }

    public Duration length() {
        return Duration.between(fromExclusive, toInclusive);
    }

    /** The two halves, split at the midpoint (rounded to whole milliseconds). */
    public IngestionInterval[] halves() {
        long mid = fromExclusive.toEpochMilli() + length().toMillis() / 2;
        Instant m = Instant.ofEpochMilli(mid);
        return new IngestionInterval[] {
            new IngestionInterval(fromExclusive, m), new IngestionInterval(m, toInclusive)
        };
    }

    @Override
    public String toString() {
        return "(" + fromExclusive + ", " + toInclusive + "]";
    }
}
