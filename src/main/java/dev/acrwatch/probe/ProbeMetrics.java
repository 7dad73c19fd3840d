package dev.acrwatch.probe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exports probe results: {@code acr_probe_success}, {@code acr_probe_duration_seconds},
 * {@code acr_probe_failures_total} and {@code acr_probe_last_run_timestamp_seconds}.
 */
public final class ProbeMetrics implements ProbeListener {

    private final MeterRegistry registry;
    private final Map<String, Series> series = new ConcurrentHashMap<>();

    /** Registers every series of the given targets up front, so dashboards show 0 rather than no data. */
    public ProbeMetrics(MeterRegistry registry, List<ProbeTarget> targets) {
        this.registry = registry;
        targets.forEach(t -> seriesOf(t.name()));
    }

    @Override
    public void onResult(ProbeResult result) {
        Series s = seriesOf(result.target().name());
        s.success.value = result.success() ? 1 : 0;
        s.lastRun.value = result.at().toEpochMilli() / 1000.0;
        for (ProbeStage stage : ProbeStage.values()) {
            Duration d = result.durations().get(stage);
            // A stage that did not run has no duration; NaN keeps an old value from posing as fresh.
            s.durations.get(stage).value = d == null ? Double.NaN : d.toNanos() / 1e9;
        }
        result.reason().ifPresent(r -> s.failures.get(r).increment());
    }

    private Series seriesOf(String name) {
        return series.computeIfAbsent(name, this::register);
    }

    private Series register(String name) {
        Series s = new Series();
        Gauge.builder("acr.probe.success", s.success, v -> v.value)
                .description("1 if the last active probe of the registry (DNS, TCP, TLS, GET /v2/) succeeded, 0 if it failed")
                .tag("registry", name)
                .register(registry);
        Gauge.builder("acr.probe.last.run.timestamp", s.lastRun, v -> v.value)
                .description("Unix time at which the last probe of the registry started")
                .baseUnit("seconds")
                .tag("registry", name)
                .register(registry);
        for (ProbeStage stage : ProbeStage.values()) {
            Value v = new Value();
            s.durations.put(stage, v);
            Gauge.builder("acr.probe.duration", v, x -> x.value)
                    .description("Time the last probe spent in each stage; NaN when the stage did not run")
                    .baseUnit("seconds")
                    .tag("registry", name)
                    .tag("stage", stage.label())
                    .register(registry);
        }
        for (ProbeFailureReason reason : ProbeFailureReason.values()) {
            s.failures.put(reason, Counter.builder("acr.probe.failures")
                    .description("Failed active probes of the registry, by the stage-specific reason")
                    .tag("registry", name)
                    .tag("reason", reason.label())
                    .register(registry));
        }
        return s;
    }

    /** The meters of one registry. */
    private static final class Series {
        final Value success = new Value();
        final Value lastRun = new Value();
        final Map<ProbeStage, Value> durations = new EnumMap<>(ProbeStage.class);
        final Map<ProbeFailureReason, Counter> failures = new EnumMap<>(ProbeFailureReason.class);
    }

    /** A gauge's current value; written by probe threads, read by the scrape. */
    private static final class Value {
        volatile double value = Double.NaN;
    }
}
