package dev.acrwatch.poll;

import dev.acrwatch.alert.AlertRouter;
import dev.acrwatch.alert.AlertSnapshot;
import dev.acrwatch.alert.AlertStatus;
import dev.acrwatch.alert.BlindDetector;
import dev.acrwatch.alert.Notification;
import dev.acrwatch.alert.SilenceRegistry;
import dev.acrwatch.config.AlertingConfig;
import dev.acrwatch.event.Classifier;
import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.alert.Route;
import dev.acrwatch.rule.AlertStateMachine;
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
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Replays recorded rows through the daemon's own classification, window bins, rules, lifecycle, router
 * and silences on simulated time, and collects the notifications that would have been sent. Rows may
 * arrive in any order: they are summed per minute and dimension first, so memory grows with distinct
 * (minute, registry, operation, status, failing caller) keys, not with rows.
 */
public final class Backtest {

    private static final String ALL_CLASSES = "*";
    private static final Duration STEP = Duration.ofMinutes(1);

    private record Key(LogTable table, String loginServer, String operation, String status, String identity,
            String callerIp, String repository) {}

    private final AlertingConfig config;
    private final String workspace;
    private final Classifier classifier = new Classifier();
    private final TreeMap<Instant, Map<Key, long[]>> byMinute = new TreeMap<>();
    /** registry (lower case) → class label → events. */
    private final Map<String, Map<String, Long>> events = new TreeMap<>();
    private long rows;
    private long eventTotal;

    /**
     * @param workspace the workspace the rows were exported from: alerts carry it as a label, as in the daemon
     */
    public Backtest(AlertingConfig config, String workspace) {
        this.config = config;
        this.workspace = workspace;
    }

    /** Adds one recorded row (any order). */
    public void accept(EventCount row) {
        rows++;
        eventTotal += row.count();
        Instant minute = row.minute().truncatedTo(ChronoUnit.MINUTES);
        Key key = new Key(row.table(), row.loginServer(), row.operation(), row.status(), row.identity(),
                row.callerIp(), row.repository());
        long[] acc = byMinute.computeIfAbsent(minute, m -> new HashMap<>()).computeIfAbsent(key,
                k -> new long[] {0, Long.MIN_VALUE});
        acc[0] += row.count();
        acc[1] = Math.max(acc[1], row.maxIngestion().toEpochMilli());
        String cls = classifier.classify(row).failureClass().label();
        events.computeIfAbsent(row.loginServer().toLowerCase(Locale.ROOT), r -> new TreeMap<>())
                .merge(cls, row.count(), Long::sum);
    }

    /** Replays what was accepted, one simulated minute at a time; returns what would have been sent. Call once. */
    public BacktestResult run() {
        List<BacktestResult.Entry> timeline = new ArrayList<>();
        if (!byMinute.isEmpty()) {
            replay(timeline);
        }
        return new BacktestResult(timeline, summary(timeline), rows, eventTotal);
    }

    private void replay(List<BacktestResult.Entry> timeline) {
        Instant first = byMinute.firstKey();
        Instant last = byMinute.lastKey();
        SimulatedClock clock = new SimulatedClock(first);
        InMemoryBinStore bins = new InMemoryBinStore();
        InMemoryStateStore store = new InMemoryStateStore(bins, new InMemoryOutbox());
        Readiness readiness = new Readiness();
        for (LogTable t : LogTable.values()) {
            readiness.register(workspace, t);
        }
        // Blind and network-drop alerts cannot happen in a replay; the names only complete their wiring.
        List<String> receivers = config.routes().stream().map(Route::receiver).toList();
        AlertStateMachine machine = new AlertStateMachine(config.repeatInterval());
        SilenceRegistry silences = new SilenceRegistry(clock, () -> "backtest", config.silences());
        AlertPipeline pipeline = new AlertPipeline(List.of(workspace),
                new RuleEvaluator(config.rules(), bins, machine), machine,
                new BlindDetector(config.blindAfter(), receivers),
                new AlertRouter(config.routes(), silences, config.inhibitRules()), silences,
                store, readiness, clock, UnaryOperator.identity(), AlertPipeline.Observer.NONE,
                AlertPipeline.NetworkDrop.none(receivers));
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
            record(now, pipeline.evaluate(), timeline);
        }
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
                n, Objects.requireNonNullElse(fired.remove(reg + "\u0000" + cls), 0L)))));
        fired.forEach((k, n) -> {
            String[] parts = k.split("\u0000", 2);
            out.add(new BacktestResult.SummaryRow(parts[0], parts[1], 0, n));
        });
        return out;
    }
}
