package dev.acrwatch.poll;

import dev.acrwatch.config.PollConfig;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.event.Classifier;
import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.source.EventBatch;
import dev.acrwatch.source.EventSource;
import dev.acrwatch.source.IngestionInterval;
import dev.acrwatch.source.SourceException;
import dev.acrwatch.store.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll use case for one (workspace, table): asks the source for ingestion time
 * {@code (watermark, now − settle]}, classifies the rows and commits them with the new watermark
 * in one transaction, chunk by chunk, then tells the listener. Not thread-safe: one poll at a
 * time per instance (the scheduler guarantees it).
 */
public final class PollWorkspace {

    private static final Logger log = LoggerFactory.getLogger(PollWorkspace.class);

    /**
     * Smallest chunk a gap is cut into. An hour of per-minute summarized rows stays far below the
     * 500,000-row result limit for any realistic registry, and the default 6 h catch-up cap costs
     * at most 6 queries — light on the 200 requests / 30 s budget, yet a failure loses at most
     * one hour of progress. Chunks are never shorter than the poll interval, so a regular poll is
     * always a single query.
     */
    static final Duration MIN_CHUNK = Duration.ofHours(1);

    private final String workspace;
    private final LogTable table;
    private final Set<String> registries;
    private final PollConfig config;
    private final Duration chunk;
    private final EventSource source;
    private final Classifier classifier;
    private final StateStore store;
    private final PollListener listener;
    private final Readiness readiness;
    private final List<PollCommitStep> commitSteps;
    private final Clock clock;

    private PollWorkspace(Builder b) {
        this.workspace = b.workspace.name();
        this.table = b.table;
        this.registries = b.workspace.registries().stream()
                .map(r -> r.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        this.config = Objects.requireNonNull(b.config, "config");
        this.chunk = b.chunk != null ? b.chunk
                : (config.interval().compareTo(MIN_CHUNK) > 0 ? config.interval() : MIN_CHUNK);
        if (chunk.toMillis() <= 0) {
            throw new IllegalArgumentException("chunk must be at least 1ms, found " + chunk);
        }
        this.source = Objects.requireNonNull(b.source, "source");
        this.classifier = b.classifier;
        this.store = Objects.requireNonNull(b.store, "store");
        this.listener = b.listener;
        this.readiness = b.readiness;
        this.commitSteps = List.copyOf(b.commitSteps);
        this.clock = b.clock;
        readiness.register(workspace, table);
    }

    public static Builder builder(WorkspaceConfig workspace, LogTable table) {
        return new Builder(workspace, table);
    }

    public String workspace() {
        return workspace;
    }

    public LogTable table() {
        return table;
    }

    /** Polls everything ingested since the stored watermark, committing chunk by chunk. */
    public PollOutcome pollOnce() {
        Instant hi = clock.instant().minus(config.settle()).truncatedTo(ChronoUnit.MILLIS);
        Optional<Instant> stored = store.watermark(workspace, table);
        Instant lo;
        Duration cut = Duration.ZERO;
        if (stored.isEmpty()) {
            // Nothing was promised before the first poll, so a lookback beyond the cap is not a cut.
            Duration back = config.initialLookback().compareTo(config.maxCatchUp()) > 0
                    ? config.maxCatchUp() : config.initialLookback();
            lo = hi.minus(back);
        } else {
            lo = stored.get();
            Instant floor = hi.minus(config.maxCatchUp());
            if (lo.isBefore(floor)) {
                cut = Duration.between(lo, floor);
                lo = floor;
            }
        }
        if (!hi.isAfter(lo)) {
            readiness.markSucceeded(workspace, table, clock.instant());
            return new PollOutcome(PollOutcome.Status.UP_TO_DATE, workspace, table, List.of(), Optional.empty(), Optional.empty());
        }

        List<PollReport> committed = new ArrayList<>();
        Instant skippedFrom = stored.orElse(lo);
        for (Instant from = lo; from.isBefore(hi); ) {
            Instant to = from.plus(chunk).isBefore(hi) ? from.plus(chunk) : hi;
            IngestionInterval interval = new IngestionInterval(from, to);
            EventBatch batch;
            try {
                batch = source.fetch(table, interval);
            } catch (SourceException e) {
                notifyFailed(e);
                return failed(committed, interval, e);
            }
            PollReport report = new PollReport(workspace, table, interval, classify(batch.rows()), to,
                    committed.isEmpty() ? cut : Duration.ZERO);
            try {
                store.inTransaction(tx -> {
                    for (PollCommitStep step : commitSteps) {
                        step.write(report, tx);
                    }
                    tx.setWatermark(workspace, table, to);
                    tx.setLastPolled(workspace, table, clock.instant());
                });
            } catch (RuntimeException e) {
                log.error("poll {}/{}: commit of {} failed, watermark stays at {}",
                        workspace, table.label(), interval, from, e);
                return failed(committed, interval, e);
            }
            if (committed.isEmpty() && !cut.isZero()) {
                // Logged only once committed: before that nothing was skipped yet.
                log.warn("poll {}/{}: gap longer than max_catch_up {}; skipped ingestion time ({}, {}] ({})",
                        workspace, table.label(), config.maxCatchUp(), skippedFrom, lo, cut);
            }
            committed.add(report);
            readiness.markSucceeded(workspace, table, clock.instant());
            notifyCommitted(report);
            from = to;
        }
        return new PollOutcome(PollOutcome.Status.COMMITTED, workspace, table, committed, Optional.empty(), Optional.empty());
    }

    private List<ClassifiedCount> classify(List<EventCount> rows) {
        List<ClassifiedCount> out = new ArrayList<>(rows.size());
        for (EventCount row : rows) {
            // The query filters registries already; this guards against a source that does not.
            if (!registries.isEmpty() && !registries.contains(row.loginServer().toLowerCase(Locale.ROOT))) {
                continue;
            }
            out.add(new ClassifiedCount(row, classifier.classify(row)));
        }
        return out;
    }

    private PollOutcome failed(List<PollReport> committed, IngestionInterval interval, Exception e) {
        return new PollOutcome(PollOutcome.Status.FAILED, workspace, table, committed,
                Optional.of(interval), Optional.of(e));
    }

    // Listener failures are logged and swallowed: the commit already stands, and a broken metrics
    // listener must not make the poll look failed (which would not undo it anyway).
    private void notifyCommitted(PollReport report) {
        try {
            listener.onPollCommitted(report);
        } catch (RuntimeException e) {
            log.error("poll {}/{}: listener failed on committed interval {}",
                    workspace, table.label(), report.interval(), e);
        }
    }

    private void notifyFailed(SourceException failure) {
        try {
            listener.onPollFailed(workspace, table, failure);
        } catch (RuntimeException e) {
            log.error("poll {}/{}: listener failed on a failed poll", workspace, table.label(), e);
        }
    }

    /** Collects the ports; only source, store and config are required. */
    public static final class Builder {
        private final WorkspaceConfig workspace;
        private final LogTable table;
        private PollConfig config;
        private Duration chunk;
        private EventSource source;
        private Classifier classifier = new Classifier();
        private StateStore store;
        private PollListener listener = NO_LISTENER;
        private Readiness readiness = new Readiness();
        private final List<PollCommitStep> commitSteps = new ArrayList<>();
        private Clock clock = Clock.systemUTC();

        private Builder(WorkspaceConfig workspace, LogTable table) {
            this.workspace = Objects.requireNonNull(workspace, "workspace");
            this.table = Objects.requireNonNull(table, "table");
        }

        public Builder config(PollConfig config) {
            this.config = config;
            return this;
        }

        /** Overrides the chunk length (default: the larger of the interval and one hour). */
        public Builder chunk(Duration chunk) {
            this.chunk = chunk;
            return this;
        }

        public Builder source(EventSource source) {
            this.source = source;
            return this;
        }

        public Builder classifier(Classifier classifier) {
            this.classifier = Objects.requireNonNull(classifier, "classifier");
            return this;
        }

        public Builder store(StateStore store) {
            this.store = store;
            return this;
        }

        public Builder listener(PollListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public Builder readiness(Readiness readiness) {
            this.readiness = Objects.requireNonNull(readiness, "readiness");
            return this;
        }

        /** Adds a participant to every commit, called in the order added. */
        public Builder commitStep(PollCommitStep step) {
            this.commitSteps.add(Objects.requireNonNull(step, "step"));
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public PollWorkspace build() {
            return new PollWorkspace(this);
        }
    }

    private static final PollListener NO_LISTENER = new PollListener() {
        @Override
        public void onPollCommitted(PollReport report) {}

        @Override
        public void onPollFailed(String workspace, LogTable table, SourceException failure) {}
    };
}
