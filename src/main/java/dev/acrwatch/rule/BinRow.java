package dev.acrwatch.rule;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/** One window bin as a plain row (minute, dims, count): the form the state store persists. */
public record BinRow(Instant minute, BinDims dims, long count) {

    public BinRow {
        Objects.requireNonNull(minute, "minute");
        Objects.requireNonNull(dims, "dims");
        minute = minute.truncatedTo(ChronoUnit.MINUTES);
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, found " + count);
        }
    }
}
