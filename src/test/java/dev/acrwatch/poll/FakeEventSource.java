package dev.acrwatch.poll;

import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.source.EventBatch;
import dev.acrwatch.source.EventSource;
import dev.acrwatch.source.IngestionInterval;
import dev.acrwatch.source.QueryFailureReason;
import dev.acrwatch.source.SourceException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A workspace in memory: rows become visible by their ingestion time ({@code maxIngestion}), like
 * Log Analytics filtering on {@code ingestion_time()}. Records every interval it was asked and
 * fails the calls it was told to fail.
 */
public final class FakeEventSource implements EventSource {

    /** Runs at the start of every fetch (to block on a latch, count concurrency…). */
    @FunctionalInterface
    public interface Hook {
        void beforeFetch(IngestionInterval interval) throws SourceException;
    }

    private final List<EventCount> ingested = new CopyOnWriteArrayList<>();
    private final List<IngestionInterval> asked = new CopyOnWriteArrayList<>();
    private final Map<Integer, QueryFailureReason> failOnCall = new ConcurrentHashMap<>();
    private volatile QueryFailureReason failAlways;
    private volatile Hook hook = interval -> { };

    /** Makes a row queryable from its {@code maxIngestion} on. */
    public FakeEventSource ingest(EventCount row) {
        ingested.add(row);
        return this;
    }

    /** The n-th fetch (1-based, counted over the source's life) throws with this reason. */
    public FakeEventSource failCall(int n, QueryFailureReason reason) {
        failOnCall.put(n, reason);
        return this;
    }

    public FakeEventSource failAlways(QueryFailureReason reason) {
        this.failAlways = reason;
        return this;
    }

    public FakeEventSource hook(Hook hook) {
        this.hook = hook;
        return this;
    }

    public List<IngestionInterval> asked() {
        return List.copyOf(asked);
    }

    @Override
    public EventBatch fetch(LogTable table, IngestionInterval interval) throws SourceException {
        asked.add(interval);
        int call = asked.size();
        hook.beforeFetch(interval);
        QueryFailureReason reason = failAlways != null ? failAlways : failOnCall.get(call);
        if (reason != null) {
            throw new SourceException(reason, "fake " + reason.label() + " on call " + call);
        }
        List<EventCount> rows = new ArrayList<>();
        for (EventCount r : ingested) {
            Instant t = r.maxIngestion();
            if (r.table() == table && t.isAfter(interval.fromExclusive()) && !t.isAfter(interval.toInclusive())) {
                rows.add(r);
            }
        }
        return new EventBatch(interval, rows, 1);
    }
}
