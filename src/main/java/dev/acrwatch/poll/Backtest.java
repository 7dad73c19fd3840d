package dev.acrwatch.poll;

import dev.acrwatch.alert.AlertRouter;
import dev.acrwatch.alert.AlertSnapshot;
import dev.acrwatch.alert.AlertStatus;
import dev.acrwatch.alert.BlindDetector;
import dev.acrwatch.alert.Notification;
import dev.acrwatch.alert.SilenceRegistry;
import dev.acrwatch.config.AlertingConfig;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.event.Classifier;
import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.FailureClass;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.alert.Route;
import dev.acrwatch.rule.AlertPhase;
import dev.acrwatch.rule.AlertState;
import dev.acrwatch.rule.AlertStateMachine;
import dev.acrwatch.rule.CallerMatcher;
import dev.acrwatch.rule.CallerSpec;
import dev.acrwatch.rule.ExpectedCallerDetector;
import dev.acrwatch.rule.InMemoryBinStore;
import dev.acrwatch.rule.RuleEvaluator;
import dev.acrwatch.source.IngestionInterval;
import dev.acrwatch.store.InMemoryOutbox;
import dev.acrwatch.store.InMemoryStateStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Replays recorded rows through the daemon's own classification, window bins, rules, lifecycle, router
 * and silences on simulated time, and collects the notifications that would have been sent. Rows may
 * arrive in any order: they are summed per minute and dimension first, so memory grows with distinct
 * (minute, registry, operation, status, failing or expected caller) keys, not with rows. Expected callers
 * of the workspace are watched as the daemon watches them, so a caller falling silent raises network_drop.
 */
public final class Backtest {

    private static final String ALL_CLASSES = "*";
    private static final Duration STEP = Duration.ofMinutes(1);

    private record Key(LogTable table, String loginServer, String operation, String status, String identity,
            String callerIp, String repository) {}

    private final AlertingConfig config;
    private final String workspace;
    private final List<CallerSpec> expectedCallers;
    private final List<CallerMatcher> callerMatchers;
    private final Classifier classifier = new Classifier();
    private final TreeMap<Instant, Map<Key, long[]>> byMinute = new TreeMap<>();
    /** registry (lower case) → class label → events. */
    private final Map<String, Map<String, long[]>> events = new TreeMap<>();
    private long rows;
    private long eventTotal;
    private Instant coveredUntil;
    // The previous row's minute, key, registry and status, and what they led to (see accept).
    private Instant lastMinute;
    private Map<Key, long[]> lastMinuteRows;
    private Key lastKey;
    private Instant lastKeyMinute;
    private long[] lastAcc;
    private String lastServer;
    private Map<String, long[]> lastServerEvents;
    private String lastStatus;
    private FailureClass lastClass;

    /**
     * @param workspace the workspace the rows were exported from: alerts carry it as a label, as in the daemon
     */
    public Backtest(AlertingConfig config, String workspace) {
        this(config, workspace, List.of());
    }

    /**
     * @param expectedCallers the workspace's {@code expected_callers}: their silence is replayed as network_drop
     */
    public Backtest(AlertingConfig config, String workspace, List<CallerSpec> expectedCallers) {
        this.config = config;
        this.workspace = workspace;
        this.expectedCallers = List.copyOf(expectedCallers);
        this.callerMatchers = this.expectedCallers.stream().map(CallerMatcher::new).toList();
    }

    /** The replay of {@code workspace}'s rows, watching its expected callers as the daemon does. */
    public static Backtest of(AlertingConfig config, WorkspaceConfig workspace) {
        return new Backtest(config, workspace.name(), workspace.expectedCallers().stream().map(c -> new CallerSpec(
                c.registry(), c.name(), c.cidrs(), c.identities(), c.maxSilence())).toList());
    }

    /**
     * Says the data is complete up to {@code end} (exclusive), as a workspace interval is: minutes after the
     * last row up to there are replayed as quiet minutes, so windows empty and alerts resolve as they would
     * have. Files give no such promise: they end with their last row.
     */
    public void coverUntil(Instant end) {
        coveredUntil = end.truncatedTo(ChronoUnit.MINUTES);
    }

    /** Adds one recorded row (any order). */
    public void accept(EventCount row) {
        rows++;
        eventTotal += row.count();
        Instant minute = row.minute().truncatedTo(ChronoUnit.MINUTES);
        FailureClass cls = failureClass(row.status(), row.identity());
        // Like the daemon's query: caller detail only on failures and on expected callers' rows, so memory
        // grows with failures and expected callers, not with traffic.
        boolean keepDetail = cls != FailureClass.OK || expectedCaller(row);
        String identity = keepDetail ? row.identity() : "";
        String callerIp = keepDetail ? row.callerIp() : "";
        String repository = keepDetail ? row.repository() : "";
        long[] acc;
        // Exports come in time order, often many rows of one kind in a row: the previous row's sums are the
        // likely ones, found without building and hashing a key.
        if (lastKey != null && minute.equals(lastKeyMinute) && lastKey.table() == row.table()
                && lastKey.loginServer().equals(row.loginServer()) && lastKey.operation().equals(row.operation())
                && lastKey.status().equals(row.status()) && lastKey.identity().equals(identity)
                && lastKey.callerIp().equals(callerIp) && lastKey.repository().equals(repository)) {
            acc = lastAcc;
        } else {
            Key key = new Key(row.table(), row.loginServer(), row.operation(), row.status(), identity, callerIp,
                    repository);
            if (!minute.equals(lastMinute)) {
                lastMinute = minute;
                lastMinuteRows = byMinute.computeIfAbsent(minute, m -> new HashMap<>());
            }
            acc = lastMinuteRows.computeIfAbsent(key, k -> new long[] {0, Long.MIN_VALUE});
            lastKey = key;
            lastKeyMinute = minute;
            lastAcc = acc;
        }
        acc[0] += row.count();
        acc[1] = Math.max(acc[1], row.maxIngestion().toEpochMilli());
        if (!row.loginServer().equals(lastServer)) {
            lastServer = row.loginServer();
            lastServerEvents = events.computeIfAbsent(lastServer.toLowerCase(Locale.ROOT), r -> new TreeMap<>());
        }
        lastServerEvents.computeIfAbsent(cls.label(), c -> new long[1])[0] += row.count();
    }

    private FailureClass failureClass(String status, String identity) {
        // The class depends on the status alone (the identity only on the reason within 401).
        if (!status.equals(lastStatus)) {
            lastStatus = status;
            lastClass = classifier.classify(status, identity).failureClass();
        }
        return lastClass;
    }

    private boolean expectedCaller(EventCount row) {
        for (CallerMatcher m : callerMatchers) {
            if (m.matches(row)) {
                return true;
            }
        }
        return false;
    }

    /** Replays what was accepted, one simulated minute at a time; returns what would have been sent. Call once. */
    public BacktestResult run() {
        List<BacktestResult.Entry> timeline = new ArrayList<>();
        List<Notification> notifications = new ArrayList<>();
        List<BacktestResult.Open> open = new ArrayList<>();
        Optional<Instant> end = Optional.empty();
        if (!byMinute.isEmpty()) {
            end = Optional.of(lastMinute().plus(STEP));
            replay(timeline, notifications, open);
        }
        return new BacktestResult(timeline, summary(timeline), rows, eventTotal, open, end, notifications);
    }

    private void replay(List<BacktestResult.Entry> timeline, List<Notification> notifications,
            List<BacktestResult.Open> open) {
        Instant first = byMinute.firstKey();
        Instant last = lastMinute();
        SimulatedClock clock = new SimulatedClock(first);
        InMemoryBinStore bins = new InMemoryBinStore();
        InMemoryStateStore store = new InMemoryStateStore(bins, new InMemoryOutbox());
        Readiness readiness = new Readiness();
        for (LogTable t : LogTable.values()) {
            readiness.register(workspace, t);
        }
        // Blind alerts cannot happen in a replay (every simulated minute is a successful poll).
        // One route per receiver: their names are the receivers (the domain does not see receiver configs).
        List<String> receivers = config.routes().stream().map(Route::receiver).toList();
        AlertStateMachine machine = new AlertStateMachine(config.repeatInterval());
        SilenceRegistry silences = new SilenceRegistry(clock, () -> "backtest", config.silences());
        AlertPipeline pipeline = new AlertPipeline(List.of(workspace),
                new RuleEvaluator(config.rules(), bins, machine), machine,
                new BlindDetector(config.blindAfter(), receivers),
                new AlertRouter(config.routes(), silences, config.inhibitRules()), silences,
                store, readiness, clock, UnaryOperator.identity(), AlertPipeline.Observer.NONE,
                new AlertPipeline.NetworkDrop(new ExpectedCallerDetector(Map.of(workspace, expectedCallers), receivers),
                        Optional.empty()));
        for (Instant m = first; !m.isAfter(last); m = m.plus(STEP)) {
            Instant now = m.plus(STEP);
            clock.set(now);
            Map<Key, long[]> minuteRows = byMinute.remove(m);
            if (minuteRows != null) {
                commit(pipeline, store, m, now, minuteRows);
            }
            store.inTransaction(tx -> {
                for (LogTable t : LogTable.values()) {
                    tx.setWatermark(workspace, t, now);
                }
            });
            for (LogTable t : LogTable.values()) {
                readiness.markSucceeded(workspace, t, now);
            }
            List<Notification> sent = pipeline.evaluate();
            notifications.addAll(sent);
            record(now, sent, timeline);
        }
        open.addAll(stillOpen(machine.states(), timeline));
    }

    private Instant lastMinute() {
        Instant last = byMinute.lastKey();
        if (coveredUntil != null && coveredUntil.minus(STEP).isAfter(last)) {
            return coveredUntil.minus(STEP);
        }
        return last;
    }

    /**
     * Alerts pending or firing when the data ends. The daemon would resolve them only on data that shows the
     * condition gone, so the replay reports them rather than inventing a RESOLVED nobody would have received.
     */
    private static List<BacktestResult.Open> stillOpen(List<AlertState> states, List<BacktestResult.Entry> timeline) {
        List<BacktestResult.Open> out = new ArrayList<>();
        for (AlertState s : states) {
            if (s.phase() != AlertPhase.FIRING && s.phase() != AlertPhase.PENDING) {
                continue;
            }
            // The last notification of this alert, for its full labels and last measured value.
            Map<String, String> group = new TreeMap<>(s.groupLabels());
            group.remove("rule");
            BacktestResult.Entry last = null;
            for (BacktestResult.Entry e : timeline) {
                if (e.rule().equals(s.ruleName()) && e.labels().entrySet().containsAll(group.entrySet())) {
                    last = e;
                }
            }
            boolean notified = s.phase() == AlertPhase.FIRING && last != null && last.status() == AlertStatus.FIRING
                    && !last.at().isBefore(s.firingSince().orElseThrow());
            Map<String, String> labels = notified ? last.labels() : group;
            out.add(new BacktestResult.Open(s.ruleName(), labels, s.phase() == AlertPhase.FIRING,
                    s.firingSince().orElse(s.activeSince()), notified ? Optional.of(last.value()) : Optional.empty(),
                    notified ? Optional.of(last.threshold()) : Optional.empty(), notified));
        }
        return out;
    }

    private void commit(AlertPipeline pipeline, InMemoryStateStore store, Instant minute, Instant now,
            Map<Key, long[]> minuteRows) {
        Map<LogTable, List<ClassifiedCount>> perTable = new EnumMap<>(LogTable.class);
        minuteRows.forEach((k, acc) -> {
            EventCount row = new EventCount(k.table(), minute, k.loginServer(), k.operation(), k.status(),
                    k.identity(), k.callerIp(), k.repository(), acc[0], Instant.ofEpochMilli(acc[1]), 0, 0);
            perTable.computeIfAbsent(k.table(), t -> new ArrayList<>())
                    .add(new ClassifiedCount(row, classifier.classify(row)));
        });
        perTable.forEach((table, list) -> {
            PollReport report = new PollReport(workspace, table, new IngestionInterval(minute, now), list, now,
                    Duration.ZERO);
            store.inTransaction(tx -> pipeline.commitStep().write(report, tx));
        });
    }

    /** One entry per alert transition; a notification to several receivers is one entry naming them all. */
    private static void record(Instant now, List<Notification> sent, List<BacktestResult.Entry> timeline) {
        Map<String, BacktestResult.Entry> merged = new LinkedHashMap<>();
        for (Notification n : sent) {
            for (AlertSnapshot a : n.alerts()) {
                Map<String, String> labels = new TreeMap<>(a.labels());
                labels.remove("rule");
                String key = a.ruleName() + "\u0000" + labels + "\u0000" + a.status();
                BacktestResult.Entry prev = merged.get(key);
                List<String> receivers = new ArrayList<>(prev == null ? List.of() : prev.receivers());
                if (!receivers.contains(n.receiver())) {
                    receivers.add(n.receiver());
                }
                merged.put(key, new BacktestResult.Entry(now, a.ruleName(), labels, a.status(), a.value(),
                        a.threshold(), receivers));
            }
        }
        timeline.addAll(merged.values());
    }

    private List<BacktestResult.SummaryRow> summary(List<BacktestResult.Entry> timeline) {
        // A firing alert re-sent with its group or as a repeat is one firing; firing again after resolving is another.
        Map<String, AlertStatus> last = new HashMap<>();
        Map<String, Long> fired = new TreeMap<>();
        for (BacktestResult.Entry e : timeline) {
            String alert = e.rule() + "\u0000" + e.labels();
            AlertStatus before = last.put(alert, e.status());
            if (e.status() == AlertStatus.FIRING && before != AlertStatus.FIRING) {
                String reg = e.labels().getOrDefault("registry", "").toLowerCase(Locale.ROOT);
                fired.merge(reg + "\u0000" + e.labels().getOrDefault("class", ALL_CLASSES), 1L, Long::sum);
            }
        }
        List<BacktestResult.SummaryRow> out = new ArrayList<>();
        events.forEach((reg, byClass) -> byClass.forEach((cls, n) -> out.add(new BacktestResult.SummaryRow(reg, cls,
                n[0], Objects.requireNonNullElse(fired.remove(reg + "\u0000" + cls), 0L)))));
        fired.forEach((k, n) -> {
            String[] parts = k.split("\u0000", 2);
            out.add(new BacktestResult.SummaryRow(parts[0], parts[1], 0, n));
        });
        return out;
    }
}
