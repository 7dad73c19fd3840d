package dev.acrwatch.metrics;

import dev.acrwatch.event.Classification;
import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.FailureClass;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.poll.ClassifiedCount;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
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
        String reg = Labels.registry(loginServer);
        if (!knownRegistries.add(workspace + '\n' + reg)) {
            return;
        }
        for (LogTable table : LogTable.values()) {
            for (Classification kind : FAILURE_KINDS) {
                failures(workspace, reg, table, kind);
            }
        }
    }

    void record(String workspace, ClassifiedCount row) {
        EventCount e = row.row();
        Classification c = row.classification();
        registerRegistry(workspace, e.loginServer());
        String reg = Labels.registry(e.loginServer());
        Counter.builder("acr.events")
                .description("Registry requests seen in the diagnostic logs, by operation, HTTP status and failure class")
                .tag("workspace", workspace)
                .tag("registry", reg)
                .tag("table", e.table().label())
                .tag("operation", Labels.operation(e.operation()))
                .tag("status", Labels.status(e.status()))
                .tag("class", c.failureClass().label())
                .register(registry)
                .increment(e.count());
        if (c.failureClass().isFailure()) {
            failures(workspace, reg, e.table(), c).increment(e.count());
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
