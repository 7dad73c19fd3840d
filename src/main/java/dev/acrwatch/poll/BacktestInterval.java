package dev.acrwatch.poll;

import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.source.EventBatch;
import dev.acrwatch.source.EventSource;
import dev.acrwatch.source.IngestionInterval;
import dev.acrwatch.source.SourceException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Reads {@code [from, to)} of a workspace for a backtest in chunks (both tables per chunk), so each query stays
 * within the API's result limits; the source splits a chunk further when its result is too large or partial,
 * and retries what is worth retrying.
 */
public final class BacktestInterval {

    /** One hour: at per-minute summaries this stays far below 500,000 rows unless failures are extreme. */
    public static final Duration CHUNK = Duration.ofHours(1);

    /** Told after each chunk, for a progress line. */
    @FunctionalInterface
    public interface Progress {
        void chunkDone(int done, int total, IngestionInterval chunk, long rowsSoFar, int queriesSoFar);
    }

    private BacktestInterval() {}

    /**
     * @return how many summarized rows were read
     * @throws SourceException when a chunk cannot be read completely even after splitting and retries
     */
    public static long read(EventSource source, Instant from, Instant to, Duration chunk, Consumer<EventCount> sink,
            Progress progress) throws SourceException {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from " + from + " must be before to " + to);
        }
        if (chunk.isNegative() || chunk.isZero()) {
            throw new IllegalArgumentException("chunk must be positive, found " + chunk);
        }
        long chunkMillis = chunk.toMillis();
        long span = Duration.between(from, to).toMillis();
        int total = (int) Math.min(Integer.MAX_VALUE, (span + chunkMillis - 1) / chunkMillis);
        long rows = 0;
        int queries = 0;
        int done = 0;
        for (Instant lo = from; lo.isBefore(to); lo = lo.plus(chunk)) {
            Instant hi = lo.plus(chunk).isAfter(to) ? to : lo.plus(chunk);
            IngestionInterval interval = new IngestionInterval(lo, hi);
            for (LogTable table : LogTable.values()) {
                EventBatch batch = source.fetch(table, interval);
                batch.rows().forEach(sink);
                rows += batch.rows().size();
                queries += batch.queriesSent();
            }
            progress.chunkDone(++done, total, interval, rows, queries);
        }
        return rows;
    }
}
