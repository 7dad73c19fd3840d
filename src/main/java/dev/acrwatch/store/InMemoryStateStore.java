package dev.acrwatch.store;

import dev.acrwatch.alert.Notification;
import dev.acrwatch.alert.Silence;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.rule.BinRow;
import dev.acrwatch.rule.BinStore;
import dev.acrwatch.rule.CallerSilenceState;
import dev.acrwatch.rule.InMemoryBinStore;
import dev.acrwatch.rule.RuleCommon;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A state store that lives as long as the process: for tests, the backtest and the in-memory demo.
 * Watermarks, bins, sightings and alerting state are applied only if the work returns; an enqueue goes to
 * the outbox at once (a failed evaluation is repeated, and the outbox refuses the second copy).
 */
public final class InMemoryStateStore implements StateStore {

    private final Map<PollKey, Instant> watermarks = new HashMap<>();
    private final Map<PollKey, Instant> lastPolled = new LinkedHashMap<>();
    private final InMemoryBinStore bins;
    private final Outbox outbox;
    private final Map<String, Silence> silences = new LinkedHashMap<>();
    private CallerSilenceState callers = CallerSilenceState.EMPTY;
    private SavedAlerting alerting = SavedAlerting.EMPTY;

    public InMemoryStateStore() {
        this(new InMemoryBinStore(), new InMemoryOutbox());
    }

    public InMemoryStateStore(InMemoryBinStore bins, Outbox outbox) {
        this.bins = bins;
        this.outbox = outbox;
    }

    @Override
    public synchronized Optional<Instant> watermark(String workspace, LogTable table) {
        return Optional.ofNullable(watermarks.get(new PollKey(workspace, table)));
    }

    @Override
    public synchronized Map<PollKey, Instant> lastPolled() {
        return Map.copyOf(lastPolled);
    }

    @Override
    public BinStore bins() {
        return bins;
    }

    @Override
    public Outbox outbox() {
        return outbox;
    }

    @Override
    public synchronized SavedAlerting alerting(Function<String, Optional<RuleCommon>> rules) {
        return alerting;
    }

    @Override
    public synchronized List<Silence> silences() {
        return List.copyOf(silences.values());
    }

    @Override
    public synchronized void putSilence(Silence silence) {
        silences.put(silence.id(), silence);
    }

    @Override
    public synchronized void inTransaction(Work work) {
        Pending p = new Pending();
        work.run(p);
        watermarks.putAll(p.watermarks);
        lastPolled.putAll(p.polled);
        p.bins.forEach(bins::add);
        callers = callers.mergedWith(p.sightings);
        if (p.saved != null) {
            alerting = p.saved;
        }
    }

    private final class Pending implements Transaction {
        final Map<PollKey, Instant> watermarks = new HashMap<>();
        final Map<PollKey, Instant> polled = new HashMap<>();
        final List<BinRow> bins = new ArrayList<>();
        CallerSilenceState sightings = CallerSilenceState.EMPTY;
        SavedAlerting saved;

        @Override
        public void setWatermark(String workspace, LogTable table, Instant watermark) {
            watermarks.put(new PollKey(workspace, table), watermark);
        }

        @Override
        public void setLastPolled(String workspace, LogTable table, Instant at) {
            polled.put(new PollKey(workspace, table), at);
        }

        @Override
        public void addBins(Collection<BinRow> rows) {
            bins.addAll(rows);
        }

        @Override
        public void mergeCallerSightings(CallerSilenceState seen) {
            sightings = sightings.mergedWith(seen);
        }

        @Override
        public CallerSilenceState callerState() {
            return callers.mergedWith(sightings);
        }

        @Override
        public long lockAlerting() {
            return alerting.version();
        }

        @Override
        public void saveAlerting(SavedAlerting state) {
            saved = state;
        }

        @Override
        public boolean enqueue(Notification notification) {
            return outbox.enqueue(notification);
        }
    }
}
