package dev.acrwatch.daemon;

import dev.acrwatch.api.SilenceApi;
import dev.acrwatch.config.AcrWatchConfig;
import dev.acrwatch.config.PollConfig;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.event.Classifier;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.metrics.AcrMetrics;
import dev.acrwatch.metrics.MetricsServer;
import dev.acrwatch.poll.PollListener;
import dev.acrwatch.probe.ProbeConfig;
import dev.acrwatch.probe.ProbeMetrics;
import dev.acrwatch.probe.ProbeRunner;
import dev.acrwatch.probe.Resolver;
import dev.acrwatch.poll.PollReport;
import dev.acrwatch.poll.PollWorkspace;
import dev.acrwatch.poll.Readiness;
import dev.acrwatch.schedule.PollScheduler;
import dev.acrwatch.source.EventSource;
import dev.acrwatch.source.SourceException;
import dev.acrwatch.source.loganalytics.LogAnalyticsSources;
import dev.acrwatch.metrics.StoreMetrics;
import dev.acrwatch.store.StateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running daemon: one poll job per workspace × table, the metrics endpoint, clean shutdown. */
public final class Daemon implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Daemon.class);

    private final PollScheduler scheduler;
    private final MetricsServer server;
    private final AcrMetrics metrics;
    private final Readiness readiness;
    private final AtomicBoolean closed = new AtomicBoolean();

    private final Optional<AlertingSlot> alerting;
    private final Optional<ProbeRunner> probes;

    private final StoreRuntime store;

    private Daemon(PollScheduler scheduler, MetricsServer server, AcrMetrics metrics, Readiness readiness,
            Optional<AlertingSlot> alerting, Optional<ProbeRunner> probes, StoreRuntime store) {
        this.store = store;
        this.probes = probes;
        this.scheduler = scheduler;
        this.server = server;
        this.metrics = metrics;
        this.readiness = readiness;
        this.alerting = alerting;
    }

    /** Options that differ between production and the demo. */
    /**
     * @param schedulerInterval real time between polls
     * @param timeScale         simulated seconds per real second (1 in production; the demo speeds up)
     */
    /** @param resolver how probes resolve registry names (the system resolver outside the demo) */
    public record Options(Clock clock, Duration schedulerInterval, double timeScale, List<PollListener> extraListeners,
            Resolver resolver) {
        public Options {
            Objects.requireNonNull(resolver, "resolver");
        }

        public Options(Clock clock, Duration schedulerInterval, double timeScale, List<PollListener> extraListeners) {
            this(clock, schedulerInterval, timeScale, extraListeners, Resolver.system());
        }

        public static Options production(AcrWatchConfig config) {
            return new Options(Clock.systemUTC(), config.poll().interval(), 1, List.of());
        }

        Duration real(Duration d) {
            return Duration.ofMillis(Math.max(50, (long) (d.toMillis() / timeScale)));
        }
    }

    /** Builds every part, binds the metrics port, then starts polling. */
    public static Daemon start(AcrWatchConfig config, Options options, String version) throws Exception {
        AcrMetrics metrics = AcrMetrics.create(config.metrics(), options.clock(), version);
        Readiness readiness = new Readiness();
        StoreRuntime storeRuntime = StoreRuntime.open(config.store());
        StateStore store = storeRuntime.store();
        Optional<AlertingSlot> alerting = Optional.empty();
        try {
            if (AlertingRuntime.enabled(config.alerting())) {
                alerting = Optional.of(new AlertingSlot(AlertingRuntime.create(config.alerting(), config.workspaces(),
                        config.poll(),
                        config.probes(),
                        store, readiness,
                        options.clock(), metrics.registry(), options.real(config.alerting().evaluationInterval()),
                        options.real(Duration.ofSeconds(1)))));
            }
        } catch (RuntimeException e) {
            storeRuntime.close();
            throw e;
        }
        List<PollListener> listeners = new ArrayList<>();
        listeners.add(metrics);
        alerting.ifPresent(a -> listeners.add(evaluateAfterCommit(a)));
        listeners.addAll(options.extraListeners());
        PollListener listener = fanOut(listeners);
        Classifier classifier = new Classifier();

        List<PollWorkspace> jobs = new ArrayList<>();
        for (WorkspaceConfig ws : config.workspaces()) {
            metrics.registerWorkspace(ws.name(), ws.registries());
            EventSource source = LogAnalyticsSources.create(ws, config.poll(), metrics);
            for (LogTable table : LogTable.values()) {
                PollWorkspace.Builder job = PollWorkspace.builder(ws, table);
                alerting.ifPresent(a -> job.commitStep(a.commitStep()));
                jobs.add(job
                        .config(config.poll())
                        .source(source)
                        .classifier(classifier)
                        .store(store)
                        .listener(listener)
                        .readiness(readiness)
                        .clock(options.clock())
                        .build());
            }
        }
        MetricsServer server;
        PollScheduler scheduler;
        try {
            server = MetricsServer.start(config.metrics(), metrics, readiness::notReadyReasons);
        } catch (Exception e) {
            alerting.ifPresent(AlertingSlot::close); // its timers already run
            storeRuntime.close();
            throw e;
        }
        try {
            if (alerting.isPresent()) {
                AlertingSlot a = alerting.get();
                SilenceApi.mount(server, a.silences(), config.alerting().apiToken(), options.clock());
            }
            storeRuntime.startChecks(readiness, new StoreMetrics(metrics.registry(),
                    config.store().kind().name().toLowerCase(java.util.Locale.ROOT)), Duration.ofSeconds(1));
            Optional<PollScheduler.Cluster> cluster = storeRuntime.schedulerDataSource().map(ds ->
                    new PollScheduler.Cluster(ds, storeRuntime.nodeId(), storeRuntime.checkinInterval()));
            scheduler = new PollScheduler(PollScheduler.DEFAULT_NAME, withInterval(config.poll(),
                    options.schedulerInterval()), jobs, cluster);
            scheduler.start();
        } catch (Exception e) {
            alerting.ifPresent(AlertingSlot::close);
            server.stop();
            storeRuntime.close();
            throw e;
        }
        Optional<AlertingSlot> alerts = alerting;
        Optional<ProbeRunner> probes = config.probes().map(p -> startProbes(p, options, metrics, alerts));
        log.info("acr-watch started: {} poll jobs, metrics on {}", jobs.size(), server.url());
        return new Daemon(scheduler, server, metrics, readiness, alerting, probes, storeRuntime);
    }

    /**
     * The probe interval is daemon time like the poll interval, so the runner ticks at its real
     * equivalent; results carry the daemon's clock because the failure detector compares them with
     * it. Timeouts stay real: they measure the network.
     */
    private static ProbeRunner startProbes(ProbeConfig config, Options options, AcrMetrics metrics,
            Optional<AlertingSlot> alerting) {
        ProbeMetrics probeMetrics = new ProbeMetrics(metrics.registry(), config.targets());
        ProbeConfig ticking = new ProbeConfig(options.real(config.interval()), config.timeouts(), config.targets(),
                config.trustStore());
        ProbeRunner runner = ProbeRunner.create(ticking, options.resolver(), options.clock(), r -> {
            probeMetrics.onResult(r);
            alerting.ifPresent(a -> a.probeListener().onResult(r));
        });
        runner.start();
        log.info("probing {} registries every {}", config.targets().size(), ticking.interval());
        return runner;
    }

    private static PollListener evaluateAfterCommit(AlertingSlot alerting) {
        return new PollListener() {
            @Override
            public void onPollCommitted(PollReport report) {
                alerting.evaluateQuietly();
            }

            @Override
            public void onPollFailed(String workspace, LogTable table, SourceException failure) {
            }
        };
    }

    /**
     * Applies a reloaded config (see {@link ConfigReloader}): only alerting and expected callers reload live;
     * everything else was checked unchanged by the reloader. Throwing rejects it and the old config keeps running.
     */
    public void apply(AcrWatchConfig next) {
        boolean wanted = AlertingRuntime.enabled(next.alerting());
        if (wanted != alerting.isPresent()) {
            throw new IllegalArgumentException("alerting: turning alerting " + (wanted ? "on" : "off")
                    + " (adding the first or removing the last rule and receiver) needs a restart");
        }
        alerting.ifPresent(a -> a.reload(next));
    }

    public MetricsServer server() {
        return server;
    }

    public AcrMetrics metrics() {
        return metrics;
    }

    public Readiness readiness() {
        return readiness;
    }

    /** Waits for the polls in flight to finish, then stops serving. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            scheduler.shutdown();
        } catch (Exception e) {
            log.warn("scheduler did not shut down cleanly: {}", e.toString());
        }
        probes.ifPresent(ProbeRunner::close);
        alerting.ifPresent(AlertingSlot::close);
        server.stop();
        store.close();
        log.info("acr-watch stopped");
    }

    /**
     * Stops as abruptly as the JVM allows, as {@code kill -9} would: polls in flight are not awaited, nothing
     * queued is sent, and the store's connections close under them, so whatever was not committed is lost
     * (for takeover tests; {@link #close()} is the clean stop).
     */
    public void halt() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            scheduler.halt();
        } catch (Exception e) {
            log.warn("scheduler did not halt cleanly: {}", e.toString());
        }
        alerting.ifPresent(AlertingSlot::halt);
        probes.ifPresent(ProbeRunner::close);
        store.close();
        server.stop();
        log.info("acr-watch halted");
    }

    private static PollConfig withInterval(PollConfig p, Duration interval) {
        return new PollConfig(interval, p.cron(), p.settle(), p.maxCatchUp(), p.initialLookback(),
                p.lateTolerance(), p.serverTimeout(), p.maxAttempts(), p.retryBaseDelay(), p.splitRows());
    }

    /** One listener failing must not keep the others from hearing about a committed poll. */
    private static PollListener fanOut(List<PollListener> listeners) {
        return new PollListener() {
            @Override
            public void onPollCommitted(PollReport report) {
                for (PollListener l : listeners) {
                    try {
                        l.onPollCommitted(report);
                    } catch (RuntimeException e) {
                        log.error("poll listener {} failed: {}", l.getClass().getSimpleName(), e.toString());
                    }
                }
            }

            @Override
            public void onPollFailed(String workspace, LogTable table, SourceException failure) {
                for (PollListener l : listeners) {
                    try {
                        l.onPollFailed(workspace, table, failure);
                    } catch (RuntimeException e) {
                        log.error("poll listener {} failed: {}", l.getClass().getSimpleName(), e.toString());
                    }
                }
            }
        };
    }
}
