package dev.acrwatch.source;

import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.LogTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Decorator: when a result is too large to trust (at least {@code splitRows} rows) or partial, asks
 * again for each half of the interval, recursively, and returns the union. Halves partition the
 * ingestion interval, so nothing is counted twice.
 */
public final class SplittingEventSource implements EventSource {

    private final EventSource delegate;
    private final int splitRows;
    private final Duration minLength;

    /**
     * @param minLength an interval this short or shorter is not split again; its failure fails the fetch
     */
    public SplittingEventSource(EventSource delegate, int splitRows, Duration minLength) {
        if (splitRows < 1) {
            throw new IllegalArgumentException("splitRows must be >= 1, found " + splitRows);
        }
        if (minLength.toMillis() < 1) {
            // halves() works in whole milliseconds; a 1 ms interval has no two non-empty halves.
            throw new IllegalArgumentException("minLength must be at least 1 ms, found " + minLength);
        }
        this.delegate = delegate;
        this.splitRows = splitRows;
        this.minLength = minLength;
    }

    @Override
    public EventBatch fetch(LogTable table, IngestionInterval interval) throws SourceException {
        String why;
        SourceException partial = null;
        try {
            EventBatch batch = delegate.fetch(table, interval);
            if (batch.resultRows() < splitRows) {
                return batch;
            }
            why = batch.resultRows() + " rows (split at " + splitRows + ")";
        } catch (SourceException e) {
            if (e.reason() != QueryFailureReason.PARTIAL) {
                throw e;
            }
            partial = e;
            why = "a partial result";
        }
        if (interval.length().compareTo(minLength) <= 0) {
            throw new SourceException(QueryFailureReason.PARTIAL, "interval " + interval + " still gave " + why
                    + " at the minimum split length " + minLength, null, partial);
        }
        IngestionInterval[] halves = interval.halves();
        EventBatch first = fetch(table, halves[0]);
        EventBatch second = fetch(table, halves[1]);
        List<EventCount> rows = new ArrayList<>(first.rows().size() + second.rows().size());
        rows.addAll(first.rows());
        rows.addAll(second.rows());
        return new EventBatch(interval, rows, 1 + first.queriesSent() + second.queriesSent(),
                first.resultRows() + second.resultRows());
    }
}
