package dev.acrwatch.daemon;

import dev.acrwatch.alert.AlertRouter;
import dev.acrwatch.alert.BlindDetector;
import dev.acrwatch.alert.Silence;
import dev.acrwatch.alert.SilenceRegistry;
import dev.acrwatch.config.AlertingConfig;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.alert.SuppressionCounts;
import dev.acrwatch.metrics.AlertMetrics;
import dev.acrwatch.metrics.CallerMetrics;
import dev.acrwatch.probe.ProbeConfig;
import dev.acrwatch.probe.ProbeFailureReason;
import dev.acrwatch.probe.ProbeListener;
import dev.acrwatch.rule.AlertPhase;
import dev.acrwatch.rule.CallerSpec;
import dev.acrwatch.rule.ExpectedCallerDetector;
import dev.acrwatch.rule.ProbeFailureDetector;
import dev.acrwatch.rule.RuleResult;
import dev.acrwatch.notify.AlertmanagerReceiver;
import dev.acrwatch.notify.Notifier;
import dev.acrwatch.notify.alertmanager.KeepAliveNotifier;
import dev.acrwatch.notify.NotifierDeps;
import dev.acrwatch.notify.Notifiers;
import dev.acrwatch.notify.ReceiverConfig;
import dev.acrwatch.poll.AlertPipeline;
import dev.acrwatch.config.PollConfig;
import dev.acrwatch.poll.DispatchOutbox;
import dev.acrwatch.poll.LearnCallers;
import dev.acrwatch.source.loganalytics.LogAnalyticsSources;
import dev.acrwatch.poll.PollCommitStep;
import dev.acrwatch.poll.Readiness;
import dev.acrwatch.poll.RetryPolicy;
import dev.acrwatch.rule.AlertStateMachine;
import dev.acrwatch.rule.BinStore;
import dev.acrwatch.rule.RuleEvaluator;
import dev.acrwatch.source.loganalytics.ReproduceQueries;
import dev.acrwatch.store.Outbox;
import dev.acrwatch.store.StateStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerting as the daemon runs it: the pipeline, the outbox and its dispatcher, and the two timers
 * that drive them between polls.
 */
final class AlertingRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AlertingRuntime.class);

    private final AlertPipeline pipeline;
    private final DispatchOutbox dispatcher;
    private final SilenceRegistry silences;
    private final StateStore store;
    private final ScheduledExecutorService timers;
    private final ExecutorService sends;

    private final Optional<ProbeFailureDetector> probeFailures;
    private final AlertingConfig config;
    private final Setup setup;
    private final AtomicReference<Map<String, Integer>> queueDepth;

    /** What stays the same when the alerting config is reloaded. */
    private record Setup(List<WorkspaceConfig> workspaces, PollConfig poll, Optional<ProbeConfig> probes,
            StateStore store, Readiness readiness, Clock clock, MeterRegistry registry, Duration evaluateEvery,
            Duration dispatchEvery) {}

    private AlertingRuntime(AlertPipeline pipeline, DispatchOutbox dispatcher, SilenceRegistry silences,
            StateStore store, ScheduledExecutorService timers, ExecutorService sends,
            Optional<ProbeFailureDetector> probeFailures, AlertingConfig config, Setup setup,
            AtomicReference<Map<String, Integer>> queueDepth) {
        this.queueDepth = queueDepth;
        this.config = config;
        this.setup = setup;
        this.store = store;
        this.probeFailures = probeFailures;
        this.pipeline = pipeline;
        this.dispatcher = dispatcher;
        this.silences = silences;
        this.timers = timers;
        this.sends = sends;
    }

    /**
     * @param evaluateEvery real time between timed evaluations (the demo scales it)
     * @param dispatchEvery real time between outbox runs
     */
    static AlertingRuntime create(AlertingConfig cfg, List<WorkspaceConfig> workspaces, PollConfig poll,
            Optional<ProbeConfig> probes, StateStore store, Readiness readiness, Clock clock, MeterRegistry registry, Duration evaluateEvery,
            Duration dispatchEvery) {
        return build(cfg, new Setup(workspaces, poll, probes, store, readiness, clock, registry, evaluateEvery,
                dispatchEvery), Optional.empty(), Optional.empty());
    }

    /**
     * A runtime for a reloaded config that continues this one: alert states, router state, caller sightings and
     * the outbox are in the store (the new pipeline loads them before its first evaluation), the silence registry
     * and the probe failures carry over. Config silences removed from the file end now. Throws (and this runtime
     * keeps running) when the new config cannot be built.
     */
    AlertingRuntime reloaded(AlertingConfig next, List<WorkspaceConfig> workspaces) {
        Setup s = new Setup(workspaces, setup.poll(), setup.probes(), setup.store(), setup.readiness(), setup.clock(),
                setup.registry(), setup.evaluateEvery(), setup.dispatchEvery());
        // The probe detector's rule names its receivers: keep its failure history only while they stay the same.
        boolean sameReceivers = next.receivers().stream().map(ReceiverConfig::name).toList()
                .equals(config.receivers().stream().map(ReceiverConfig::name).toList());
        AlertingRuntime fresh = build(next, s, Optional.of(silences),
                sameReceivers ? Optional.of(probeFailures) : Optional.empty());
        java.util.Set<String> kept = new java.util.HashSet<>();
        next.silences().forEach(x -> kept.add(x.id()));
        for (Silence old : config.silences()) {
            if (!kept.contains(old.id()) && silences.active().stream().anyMatch(a -> a.id().equals(old.id()))) {
                silences.expire(old.id(), "config reload", "removed from the config file");
            }
        }
        return fresh;
    }

    private static AlertingRuntime build(AlertingConfig cfg, Setup setup, Optional<SilenceRegistry> keepSilences,
            Optional<Optional<ProbeFailureDetector>> keepProbes) {
        List<WorkspaceConfig> workspaces = setup.workspaces();
        PollConfig poll = setup.poll();
        Optional<ProbeConfig> probes = setup.probes();
        StateStore store = setup.store();
        Readiness readiness = setup.readiness();
        Clock clock = setup.clock();
        MeterRegistry registry = setup.registry();
        Duration evaluateEvery = setup.evaluateEvery();
        Duration dispatchEvery = setup.dispatchEvery();
        List<String> receiverNames = cfg.receivers().stream().map(ReceiverConfig::name).toList();
        BinStore bins = store.bins();
        AlertStateMachine machine = new AlertStateMachine(cfg.repeatInterval());
        // Silences from the config file join the stored ones; their ids are stable, so a restart adds none and a
        // config silence someone expired early through the API stays expired.
        java.util.Set<String> stored = new java.util.HashSet<>();
        store.silences().forEach(x -> stored.add(x.id()));
        cfg.silences().stream().filter(x -> !stored.contains(x.id())).forEach(store::putSilence);
        SilenceRegistry silences = keepSilences.orElseGet(() ->
                new SilenceRegistry(clock, () -> UUID.randomUUID().toString(), store.silences()));
        silences.persistWith(store::putSilence);
        silences.replaceAll(store.silences());
        AlertRouter router = new AlertRouter(cfg.routes(), silences, cfg.inhibitRules());
        Outbox outbox = store.outbox();
        Map<String, Notifier> notifiers = new LinkedHashMap<>();
        NotifierDeps deps = new NotifierDeps(clock, cfg.grafana(), Optional.empty(), cfg.evaluationInterval());
        List<KeepAliveNotifier> keepAlives = new java.util.ArrayList<>();
        for (ReceiverConfig r : cfg.receivers()) {
            Notifier n = Notifiers.create(r, deps);
            if (r instanceof AlertmanagerReceiver) {
                KeepAliveNotifier k = new KeepAliveNotifier(n, r.name(), clock);
                keepAlives.add(k);
                n = k;
            }
            notifiers.put(r.name(), n);
        }
        Map<String, Boolean> sendResolved = new LinkedHashMap<>();
        cfg.routes().forEach(r -> sendResolved.put(r.receiver(), r.sendResolved()));

        ExecutorService sends = Executors.newFixedThreadPool(Math.max(1, Math.min(4, notifiers.size())),
                named("acr-watch-send"));
        // Read at scrape time, so it must not touch the store: a scrape that waits for an unreachable database
        // would time out and make acr-watch look down. Each dispatch run refreshes it.
        Map<String, Integer> zero = new java.util.TreeMap<>();
        receiverNames.forEach(r -> zero.put(r, 0));
        AtomicReference<Map<String, Integer>> depth = new AtomicReference<>(Map.copyOf(zero));
        AlertMetrics metrics = new AlertMetrics(registry, receiverNames, depth::get);
        DispatchOutbox dispatcher = new DispatchOutbox(outbox, notifiers,
                name -> sendResolved.getOrDefault(name, true), RetryPolicy.DEFAULT, metrics, clock, sends);
        Map<String, List<CallerSpec>> callers = new LinkedHashMap<>();
        for (WorkspaceConfig ws : workspaces) {
            callers.put(ws.name(), ws.expectedCallers().stream().map(c -> new CallerSpec(c.registry(), c.name(),
                    c.cidrs(), c.identities(), c.maxSilence())).toList());
        }
        CallerMetrics callerMetrics = new CallerMetrics(registry, callers);
        // One failed probe is a blip; two intervals of failures are a pattern worth waking someone for.
        Optional<ProbeFailureDetector> probeFailures = keepProbes.orElseGet(() -> probes.map(p -> new ProbeFailureDetector(
                p.interval().multipliedBy(2), receiverNames)));
        AlertPipeline.Observer observer = new AlertPipeline.Observer() {
            @Override
            public void onEvaluated(Map<AlertPhase, Long> phases, SuppressionCounts suppressed, int activeSilences) {
                metrics.onEvaluated(phases, suppressed, activeSilences);
            }

            @Override
            public void onCallers(List<RuleResult> results) {
                callerMetrics.update(results);
            }
        };
        ExpectedCallerDetector callerDetector = new ExpectedCallerDetector(callers, receiverNames);
        AlertPipeline pipeline = new AlertPipeline(workspaces.stream().map(WorkspaceConfig::name).toList(),
                new RuleEvaluator(cfg.rules(), bins, machine), machine,
                new BlindDetector(cfg.blindAfter(), receiverNames), router, silences, store, readiness,
                clock, ReproduceQueries::enrich, observer,
                new AlertPipeline.NetworkDrop(callerDetector, probeFailures));
        LearnCallers learning = new LearnCallers(workspaces, ws -> LogAnalyticsSources.callerSightings(ws, poll),
                callerDetector, clock);

        ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, named("acr-watch-alerting"));
        AlertingRuntime rt = new AlertingRuntime(pipeline, dispatcher, silences, store, timers, sends, probeFailures,
                cfg, setup, depth);
        timers.scheduleWithFixedDelay(rt::evaluateQuietly, evaluateEvery.toMillis(), evaluateEvery.toMillis(),
                TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(rt::dispatchQuietly, dispatchEvery.toMillis(), dispatchEvery.toMillis(),
                TimeUnit.MILLISECONDS);
        // Firing alerts expire in Alertmanager three evaluation intervals after the last send.
        for (KeepAliveNotifier k : keepAlives) {
            timers.scheduleWithFixedDelay(() -> resendQuietly(k), evaluateEvery.toMillis(), evaluateEvery.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        if (learning.hasWork()) {
            // At once, so learned callers are back right after a restart, then hourly.
            timers.scheduleWithFixedDelay(() -> learnQuietly(learning), 0, LearnCallers.PERIOD.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        log.info("alerting: {} rules, receivers {}", cfg.rules().size(), receiverNames);
        return rt;
    }

    PollCommitStep commitStep() {
        return pipeline.commitStep();
    }

    SilenceRegistry silences() {
        return silences;
    }



    /** Feeds probe results to the network-drop detection (a no-op without probes). */
    ProbeListener probeListener() {
        // The bare login server, so probe alerts share the registry label of log-based alerts (inhibition).
        return r -> probeFailures.ifPresent(d -> d.record(new ProbeFailureDetector.Observation(r.target().loginServer(),
                r.success(), r.reason().map(ProbeFailureReason::label).orElse(""), r.at())));
    }

    /** After a committed poll: evaluate now rather than at the next tick, so alerts are not late. */
    void evaluateQuietly() {
        try {
            // Other nodes' API calls change silences too: the store has them all.
            silences.replaceAll(store.silences());
            pipeline.evaluate();
        } catch (RuntimeException e) {
            log.error("alert evaluation failed: {}", e.toString(), e);
        }
    }

    private static void learnQuietly(LearnCallers learning) {
        try {
            learning.runOnce();
        } catch (RuntimeException e) {
            log.error("learning expected callers failed: {}", e.toString());
        }
    }

    private static void resendQuietly(KeepAliveNotifier k) {
        try {
            k.resend();
        } catch (RuntimeException e) {
            log.error("re-sending firing alerts failed: {}", e.toString());
        }
    }

    private void dispatchQuietly() {
        try {
            dispatcher.runOnce();
            queueDepth.set(Map.copyOf(dispatcher.queueDepth()));
        } catch (RuntimeException e) {
            log.error("outbox dispatch failed: {}", e.toString(), e);
        }
    }

    /** Stops this runtime's timers for its successor (which sends what is queued); waits for a run in progress. */
    void stopForReload() {
        timers.shutdown();
        try {
            timers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sends.shutdown();
    }

    /** Stops at once without sending what is queued, as a killed process would (takeover tests). */
    void halt() {
        timers.shutdownNow();
        sends.shutdownNow();
    }

    /** Stops the timers, then sends what is already due once more so a stop loses nothing queued. */
    @Override
    public void close() {
        timers.shutdown();
        try {
            timers.awaitTermination(30, TimeUnit.SECONDS);
            dispatchQuietly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sends.shutdown();
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    static boolean enabled(AlertingConfig cfg) {
        return !cfg.rules().isEmpty() || !cfg.receivers().isEmpty();
    }
}
