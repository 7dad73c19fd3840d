package dev.acrwatch.metrics;

import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.FailureClass;
import dev.acrwatch.event.TopCallers;
import dev.acrwatch.poll.ClassifiedCount;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * acr_top_failing_identity_events and acr_top_failing_caller_ip_events: the top-N callers per
 * registry and failure class over the trailing window. Series that leave the top are removed,
 * so the number of series stays at most N per registry, class and dimension.
 */
final class TopCallerGauges {

    private enum Dimension {
        IDENTITY("acr.top.failing.identity.events", "identity",
                "Failed requests per identity in the trailing window, top N per registry and class"),
        CALLER_IP("acr.top.failing.caller.ip.events", "caller_ip",
                "Failed requests per caller IP in the trailing window, top N per registry and class");

        final String metric;
        final String label;
        final String description;

        Dimension(String metric, String label, String description) {
            this.metric = metric;
            this.label = label;
            this.description = description;
        }
    }

    private record Scope(String workspace, String registry, FailureClass failureClass, Dimension dimension) {}

    private record Series(Scope scope, String caller) {}

    private record Exported(Gauge gauge, AtomicLong value) {}

    private final MeterRegistry registry;
    private final int topN;
    private final Duration window;
    private final Map<Scope, TopCallers> windows = new HashMap<>();
    private final Map<Series, Exported> exported = new HashMap<>();

    TopCallerGauges(MeterRegistry registry, int topN, Duration window) {
        this.registry = registry;
        this.topN = topN;
        this.window = window;
    }

    /** Adds the failures of a committed poll's rows to their registry's and class's windows. */
    synchronized void addAll(String workspace, List<ClassifiedCount> rows) {
        Map<String, String> registryLabels = new HashMap<>(); // login server → label, once per poll
        for (ClassifiedCount row : rows) {
            FailureClass fc = row.classification().failureClass();
            if (!fc.isFailure()) {
                continue;
            }
            EventCount e = row.row();
            String reg = registryLabels.computeIfAbsent(e.loginServer(), Labels::registry);
            // Keys are label values already, so two callers that truncate alike share one series.
            windowFor(new Scope(workspace, reg, fc, Dimension.IDENTITY))
                    .add(e.minute(), Labels.identity(e.identity()), e.count());
            if (!e.callerIp().isEmpty()) {
                windowFor(new Scope(workspace, reg, fc, Dimension.CALLER_IP))
                        .add(e.minute(), Labels.caller(e.callerIp()), e.count());
            }
        }
    }

    /** Recomputes every top-N at {@code now}: updates values, adds new series, removes the ones that dropped out. */
    synchronized void refresh(Instant now) {
        Set<Series> wanted = new HashSet<>();
        Iterator<Map.Entry<Scope, TopCallers>> it = windows.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Scope, TopCallers> w = it.next();
            for (TopCallers.Entry top : w.getValue().top(topN, now)) {
                Series s = new Series(w.getKey(), top.key());
                wanted.add(s);
                exported.computeIfAbsent(s, this::register).value().set(top.count());
            }
            if (w.getValue().isEmpty()) {
                it.remove();
            }
        }
        Iterator<Map.Entry<Series, Exported>> ex = exported.entrySet().iterator();
        while (ex.hasNext()) {
            Map.Entry<Series, Exported> e = ex.next();
            if (!wanted.contains(e.getKey())) {
                registry.remove(e.getValue().gauge());
                ex.remove();
            }
        }
    }

    private TopCallers windowFor(Scope scope) {
        return windows.computeIfAbsent(scope, s -> new TopCallers(window));
    }

    private Exported register(Series s) {
        AtomicLong value = new AtomicLong();
        Scope scope = s.scope();
        Gauge gauge = Gauge.builder(scope.dimension().metric, value, AtomicLong::get)
                .description(scope.dimension().description)
                .tag("workspace", scope.workspace())
                .tag("registry", scope.registry())
                .tag("class", scope.failureClass().label())
                .tag(scope.dimension().label, s.caller())
                .strongReference(true)
                .register(registry);
        return new Exported(gauge, value);
    }
}
