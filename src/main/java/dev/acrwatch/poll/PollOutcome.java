package dev.acrwatch.poll;

import dev.acrwatch.event.LogTable;
import dev.acrwatch.source.IngestionInterval;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link PollWorkspace#pollOnce()} did. A failed poll may still have committed its
 * first chunks: those stay committed and are listed in {@code committed}.
 *
 * @param failedInterval the chunk that could not be fetched or committed; the next poll starts there
 * @param failure the {@code SourceException} of the query, or the exception that aborted the commit
 */
public record PollOutcome(
        Status status,
        String workspace,
        LogTable table,
        List<PollReport> committed,
        Optional<IngestionInterval> failedInterval,
        Optional<Exception> failure) {

    /** How the poll ended. */
    public enum Status {
        /** {@code now − settle} is not after the watermark: nothing was asked. */
        UP_TO_DATE,
        /** Every chunk up to {@code now − settle} was fetched and committed. */
        COMMITTED,
        /** A query or a commit failed; the watermark stays after the last committed chunk. */
        FAILED
    }

    public PollOutcome {
        Objects.requireNonNull(status, "status");
        committed = List.copyOf(committed);
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(failedInterval, "failedInterval");
        if ((status == Status.FAILED) != failure.isPresent() || failure.isPresent() != failedInterval.isPresent()) {
            throw new IllegalArgumentException("a failure is present exactly when the status is FAILED");
        }
    }

    /** The watermark after this poll, when it committed at least one chunk. */
    public Optional<Instant> newWatermark() {
        return committed.isEmpty()
                ? Optional.empty()
                : Optional.of(committed.get(committed.size() - 1).newWatermark());
    }

    /** Sum of event counts over all committed chunks. */
    public long eventsCommitted() {
        long n = 0;
        for (PollReport r : committed) {
            for (ClassifiedCount c : r.rows()) {
                n += c.row().count();
            }
        }
        return n;
    }
}
