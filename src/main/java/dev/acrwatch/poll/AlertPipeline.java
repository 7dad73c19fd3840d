package dev.acrwatch.poll;

import dev.acrwatch.alert.AlertRouter;
import dev.acrwatch.alert.BlindDetector;
import dev.acrwatch.alert.Notification;
import dev.acrwatch.alert.SilenceRegistry;
import dev.acrwatch.alert.SuppressionCounts;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.rule.AlertIntent;
import dev.acrwatch.rule.AlertPhase;
import dev.acrwatch.rule.AlertStateMachine;
import dev.acrwatch.rule.BinStore;
import dev.acrwatch.rule.InMemoryBinStore;
import dev.acrwatch.rule.ExpectedCallerDetector;
import dev.acrwatch.rule.ProbeFailureDetector;
import dev.acrwatch.rule.RuleResult;
import dev.acrwatch.rule.RuleEvaluator;
import dev.acrwatch.rule.SourceHealth;
import dev.acrwatch.rule.RuleCommon;
import dev.acrwatch.store.SavedAlerting;
import dev.acrwatch.store.StateStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerting use case: committed polls feed window bins; rules and the blind check step the alert
 * lifecycle; the router groups, silences and inhibits; what is due goes to the outbox, from which the
 * dispatcher sends. Evaluation runs after every committed poll and on a timer, because pending alerts,
 * repeats, group flushes and blindness advance with time alone.
 */
public final class AlertPipeline {

    private static final Logger log = LoggerFactory.getLogger(AlertPipeline.class);

    /** Port: told the alert counts after each evaluation (metrics implement it). */
    public interface Observer {
        void onEvaluated(Map<AlertPhase, Long> alertsByPhase, SuppressionCounts suppressed, int activeSilences);

        /** Every expected caller's state at this evaluation (last seen, silent or not). */
        default void onCallers(List<RuleResult> callers) {
        }

        Observer NONE = (phases, suppressed, silences) -> { };
    }

    /**
     * The two network-drop signals besides the rules: expected callers that fall silent (from the
     * logs) and the daemon's own failing probes.
     */
    public record NetworkDrop(ExpectedCallerDetector callers, Optional<ProbeFailureDetector> probes) {
        public static NetworkDrop none(List<String> receivers) {
            return new NetworkDrop(new ExpectedCallerDetector(Map.of(), receivers), Optional.empty());
        }
    }

    /** Minutes a catch-up evaluates at most: six hours, the default max_catch_up of a poll. */
    static final int MAX_CATCH_UP_STEPS = 360;

    private final List<String> workspaces;
    private final RuleEvaluator rules;
    private final AlertStateMachine machine;
    private final BlindDetector blind;
    private final AlertRouter router;
    private final SilenceRegistry silences;
    private final StateStore store;
    private final Readiness readiness;
    private final Clock clock;
    private final UnaryOperator<Notification> enrich;
    private final Observer observer;
    private final NetworkDrop networkDrop;
    private final Instant startedAt;
    /**
     * Guards bins, lifecycle and router. Lock order is always store, then this: the commit step runs
     * inside the store's transaction, so evaluation reads the store before it takes this lock.
     */
    private final Object lock = new Object();
    /** Last evaluation times: evaluations race (poll thread, timer), and the lifecycle must never see time go back. */
    private Instant lastNow = Instant.MIN;
    private Instant lastHorizon = Instant.MIN;
    /** The store's alerting version this node's memory matches; -1 when it must reload before evaluating. */
    private long knownVersion = -1;
    /** What this node last saved or loaded, so an evaluation that changed nothing writes nothing. */
    private SavedAlerting lastSaved;

    /**
     * @param enrich adds what only adapters know (the KQL that reproduces an alert's numbers)
     */
    public AlertPipeline(List<String> workspaces, RuleEvaluator rules, AlertStateMachine machine,
            BlindDetector blind, AlertRouter router, SilenceRegistry silences, StateStore store,
            Readiness readiness, Clock clock, UnaryOperator<Notification> enrich, Observer observer,
            NetworkDrop networkDrop) {
        this.workspaces = List.copyOf(workspaces);
        this.rules = rules;
        this.machine = machine;
        this.blind = blind;
        this.router = router;
        this.silences = silences;
        this.store = store;
        this.readiness = readiness;
        this.clock = clock;
        this.enrich = enrich;
        this.observer = observer;
        this.networkDrop = networkDrop;
        this.startedAt = clock.instant();
    }

    /** Adds a poll's rows to the window bins, and its caller sightings, inside the poll's transaction. */
    public PollCommitStep commitStep() {
        return (report, tx) -> {
            tx.addBins(BinStore.foldDetailPast(BinStore.toRows(report.workspace(), report.rows()),
                    InMemoryBinStore.DEFAULT_MAX_BINS_PER_MINUTE));
            tx.mergeCallerSightings(networkDrop.callers().sightings(report.workspace(), report.rows()));
        };
    }

    /**
     * One evaluation pass, in one store transaction that holds the alerting lock: on several nodes evaluations
     * take turns, each continuing from the state the last one committed. The alert transitions, the router's
     * state and the notifications they queue commit together or not at all. Returns the notifications queued.
     */
    public List<Notification> evaluate() {
        Instant now = clock.instant();
        Map<String, Instant> lastSuccess = new LinkedHashMap<>();
        // A workspace that never answered counts from the daemon's start, so it turns blind too.
        workspaces.forEach(ws -> lastSuccess.put(ws, readiness.lastSuccess(ws).orElse(startedAt)));
        SourceHealth health = blind.health(now, lastSuccess);
        Optional<Instant> horizon = dataHorizon(health);
        List<Notification> queued = new ArrayList<>();
        SavedAlerting[] committed = new SavedAlerting[1];
        try {
            store.inTransaction(tx -> {
                queued.clear();
                long version = tx.lockAlerting();
                synchronized (lock) {
                    if (version != knownVersion) {
                        // Another node evaluated since (or this one failed to commit): continue from the store.
                        restore();
                    }
                    networkDrop.callers().restore(tx.callerState());
                    queued.addAll(evaluateLocked(now, lastSuccess, health, horizon, tx));
                    SavedAlerting next = new SavedAlerting(version, machine.states(), machine.thresholds(),
                            router.state(), lastHorizon.equals(Instant.MIN) ? Optional.empty() : Optional.of(lastHorizon));
                    if (!next.sameContent(lastSaved)) {
                        next = next.withVersion(version + 1);
                        tx.saveAlerting(next);
                    }
                    committed[0] = next;
                }
            });
        } catch (RuntimeException e) {
            synchronized (lock) {
                knownVersion = -1;
                // What this evaluation stepped through was not stored: the next one must step through it again.
                lastHorizon = lastSaved == null ? Instant.MIN : lastSaved.horizon().orElse(Instant.MIN);
            }
            throw e;
        }
        synchronized (lock) {
            knownVersion = committed[0].version();
            lastSaved = committed[0];
            for (Notification full : queued) {
                log.info("alert {} {} → {}: queued", full.status().label(), full.groupKey(), full.receiver());
            }
            observer.onEvaluated(machine.countsByPhase(), router.suppression(now), silences.active().size());
        }
        return queued;
    }

    private void restore() {
        Map<String, RuleCommon> known = knownRules();
        SavedAlerting saved = store.alerting(name -> Optional.ofNullable(known.get(name)));
        // An alert of a rule no longer configured can neither fire nor resolve: it is dropped, not kept forever.
        machine.replaceAll(saved.states().stream().filter(st -> known.containsKey(st.ruleName())).toList(),
                saved.thresholds());
        router.replaceState(saved.router());
        lastSaved = saved;
        knownVersion = saved.version();
        // Continue from the furthest point any node reached, so the minutes since are evaluated, not skipped.
        saved.horizon().filter(h -> h.isAfter(lastHorizon)).ifPresent(h -> lastHorizon = h);
    }

    /** The rules an alert can belong to, by name: the configured ones and the built-in detectors'. */
    private Map<String, RuleCommon> knownRules() {
        Map<String, RuleCommon> known = new LinkedHashMap<>();
        rules.rules().forEach(r -> known.put(r.common().name(), r.common()));
        known.put(blind.rule().name(), blind.rule());
        known.put(networkDrop.callers().rule().name(), networkDrop.callers().rule());
        networkDrop.probes().ifPresent(p -> known.put(p.rule().name(), p.rule()));
        return known;
    }

    private List<Notification> evaluateLocked(Instant readAt, Map<String, Instant> lastSuccess, SourceHealth health,
            Optional<Instant> readHorizon, StateStore.Transaction tx) {
        // Another evaluation may have read newer values before this one got the lock: never step back.
        Instant now = readAt.isAfter(lastNow) ? readAt : lastNow;
        lastNow = now;
        List<Notification> queued = new ArrayList<>();
        // The blind alert first: when the data is back it resolves, and with it the inhibition it held over the
        // workspace, before the minutes it could not see are evaluated.
        router.accept(blind.observe(machine, now, lastSuccess));
        List<AlertIntent> intents = new ArrayList<>();
        if (readHorizon.isPresent()) {
            Instant horizon = readHorizon.get().isAfter(lastHorizon) ? readHorizon.get() : lastHorizon;
            // After a gap (store outage, restart, takeover, a slow catch-up) the data moved on by more than a
            // minute at once: step through each minute, so a burst that began and ended inside the gap still
            // fires and resolves, as it would have live.
            for (Instant past : catchUpMinutes(lastHorizon, horizon)) {
                router.accept(evaluateData(past, health, false));
                enqueue(router.flush(past), tx, queued);
            }
            lastHorizon = horizon;
            intents.addAll(evaluateData(horizon, health, true));
        }
        networkDrop.probes().ifPresent(p -> intents.addAll(p.observe(machine, now)));
        router.accept(intents);
        enqueue(router.flush(now), tx, queued);
        return queued;
    }

    /** The rules and the expected callers at data time {@code horizon}. */
    private List<AlertIntent> evaluateData(Instant horizon, SourceHealth health, boolean latest) {
        List<AlertIntent> intents = new ArrayList<>(rules.evaluate(horizon, health));
        ExpectedCallerDetector callers = networkDrop.callers();
        List<RuleResult> callerResults = callers.evaluate(horizon, health);
        intents.addAll(machine.observe(callers.rule(), ExpectedCallerDetector.RULE_TYPE, "network_drop",
                callerResults, horizon));
        if (latest) {
            observer.onCallers(callerResults);
        }
        return intents;
    }

    /** Whole minutes strictly between the last evaluated horizon and this one, at most {@link #MAX_CATCH_UP_STEPS}. */
    static List<Instant> catchUpMinutes(Instant last, Instant horizon) {
        List<Instant> out = new ArrayList<>();
        if (last.equals(Instant.MIN)) {
            return out; // the first evaluation: nothing was promised before it
        }
        Instant from = last.truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plus(java.time.Duration.ofMinutes(1));
        Instant floor = horizon.minus(java.time.Duration.ofMinutes(MAX_CATCH_UP_STEPS));
        if (from.isBefore(floor)) {
            from = floor.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        }
        for (Instant m = from; m.isBefore(horizon); m = m.plus(java.time.Duration.ofMinutes(1))) {
            out.add(m);
        }
        return out;
    }

    private void enqueue(List<Notification> due, StateStore.Transaction tx, List<Notification> queued) {
        for (Notification n : due) {
            Notification full = enrich.apply(n);
            if (tx.enqueue(full)) {
                queued.add(full);
            }
        }
    }

    /**
     * Rules read bins up to the oldest watermark of the healthy, fully polled workspaces, so a minute
     * no poll has covered yet is not taken for silence. A blind workspace, or one not yet polled on
     * every table, does not hold back the others: its bins are empty or frozen anyway.
     */
    private Optional<Instant> dataHorizon(SourceHealth health) {
        Instant horizon = null;
        for (String ws : workspaces) {
            if (!health.isHealthy(ws)) {
                continue;
            }
            Optional<Instant> oldest = oldestWatermark(ws);
            if (oldest.isPresent() && (horizon == null || oldest.get().isBefore(horizon))) {
                horizon = oldest.get();
            }
        }
        return Optional.ofNullable(horizon);
    }

    /** The workspace's oldest table watermark, or empty while some table has none. */
    private Optional<Instant> oldestWatermark(String ws) {
        Instant oldest = null;
        for (LogTable table : LogTable.values()) {
            Optional<Instant> w = store.watermark(ws, table);
            if (w.isEmpty()) {
                return Optional.empty();
            }
            oldest = oldest == null || w.get().isBefore(oldest) ? w.get() : oldest;
        }
        return Optional.ofNullable(oldest);
    }
}
