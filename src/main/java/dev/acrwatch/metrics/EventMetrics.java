package dev.acrwatch.metrics;

import dev.acrwatch.event.Classification;
import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.FailureClass;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.poll.ClassifiedCount;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** acr_events_total and acr_failures_total: the registry's own signal, counted once per committed poll. */
final class EventMetrics {

    /** Every (class, reason) the classifier and probes can produce; pre-registered at 0. */
    static final List<Classification> FAILURE_KINDS = List.of(
            new Classification(FailureClass.UNAUTHORIZED, Classification.REASON_ANONYMOUS),
            new Classification(FailureClass.UNAUTHORIZED, Classification.REASON_REJECTED_CREDENTIALS),
            new Classification(FailureClass.FORBIDDEN, Classification.REASON_NONE),
            new Classification(FailureClass.THROTTLED, Classification.REASON_NONE),
            new Classification(FailureClass.NOT_FOUND, Classification.REASON_NONE),
            new Classification(FailureClass.CLIENT_ERROR, Classification.REASON_NONE),
            new Classification(FailureClass.SERVER_ERROR, Classification.REASON_NONE),
            new Classification(FailureClass.UNKNOWN, Classification.REASON_UNPARSEABLE_STATUS),
            new Classification(FailureClass.NETWORK_DROP, Classification.REASON_NONE));

    private final MeterRegistry registry;
    private final Set<String> knownRegistries = ConcurrentHashMap.newKeySet();

    EventMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Pre-registers every failure series of a registry so dashboards show 0, not "no data". */
    void registerRegistry(String workspace, String loginServer) {
        registerLabel(workspace, Labels.registry(loginServer));
    }

    private void registerLabel(String workspace, String reg) {
        if (!knownRegistries.add(workspace + '\n' + reg)) {
            return;
        }
        for (LogTable table : LogTable.values()) {
            for (Classification kind : FAILURE_KINDS) {
                failures(workspace, reg, table, kind);
            }
        }
    }

    /** One series of acr_events_total: what a row's labels become. */
    private record EventSeries(String registry, LogTable table, String operation, String status, Classification kind) {}

    /**
     * Counts a committed poll's rows. Rows are summed per series first: a poll of 500,000 rows touches
     * a few hundred series, and a meter lookup costs far more than a map lookup.
     */
    void recordAll(String workspace, List<ClassifiedCount> rows) {
        Map<EventSeries, long[]> sums = new HashMap<>();
        Map<String, String> registryLabels = new HashMap<>(); // login server → label, once per poll
        for (ClassifiedCount row : rows) {
            EventCount e = row.row();
            String reg = registryLabels.computeIfAbsent(e.loginServer(), Labels::registry);
            EventSeries series = new EventSeries(reg, e.table(), e.operation(), e.status(), row.classification());
            sums.computeIfAbsent(series, k -> new long[1])[0] += e.count();
        }
        Map<EventSeries, long[]> byLabel = new HashMap<>();
        sums.forEach((series, n) -> byLabel.computeIfAbsent(new EventSeries(series.registry(), series.table(),
                Labels.operation(series.operation()), Labels.status(series.status()), series.kind()),
                k -> new long[1])[0] += n[0]);
        byLabel.forEach((series, n) -> record(workspace, series, n[0]));
    }

    private void record(String workspace, EventSeries s, long count) {
        registerLabel(workspace, s.registry());
        Classification c = s.kind();
        Counter.builder("acr.events")
                .description("Registry requests seen in the diagnostic logs, by operation, HTTP status and failure class")
                .tag("workspace", workspace)
                .tag("registry", s.registry())
                .tag("table", s.table().label())
                .tag("operation", s.operation())
                .tag("status", s.status())
                .tag("class", c.failureClass().label())
                .register(registry)
                .increment(count);
        if (c.failureClass().isFailure()) {
            failures(workspace, s.registry(), s.table(), c).increment(count);
        }
    }

    private Counter failures(String workspace, String reg, LogTable table, Classification c) {
        return Counter.builder("acr.failures")
                .description("Failed registry requests by failure class and reason (the fix differs per class)")
                .tag("workspace", workspace)
                .tag("registry", reg)
                .tag("table", table.label())
                .tag("class", c.failureClass().label())
                .tag("reason", c.reason())
                .register(registry);
    }
}
