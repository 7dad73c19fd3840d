package dev.acrwatch.metrics;

import dev.acrwatch.rule.CallerSpec;
import dev.acrwatch.rule.RuleResult;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * acr_expected_caller_last_seen_timestamp_seconds and acr_expected_caller_dropped (0/1) per workspace,
 * registry and expected caller. The dropped gauge exists for every configured caller from the start, at 0,
 * so a dashboard shows 0 rather than "no data". The last-seen gauge appears only once the caller was seen:
 * a made-up timestamp (0, or the start time) would read as "silent since 1970" or hide that it never came.
 */
public final class CallerMetrics {

    static final String LAST_SEEN = "acr.expected.caller.last.seen.timestamp";
    static final String DROPPED = "acr.expected.caller.dropped";

    private record Series(String workspace, String registry, String caller) {
        Tags tags() {
            return Tags.of("workspace", workspace, "registry", registry, "caller", caller);
        }
    }

    private final MeterRegistry registry;
    private final Set<Series> configured = new HashSet<>();
    private final Map<Series, AtomicLong> dropped = new HashMap<>();
    private final Map<Series, AtomicLong> lastSeen = new HashMap<>();
    private final Map<Series, Gauge> meters = new HashMap<>();

    /** @param callersByWorkspace the configured expected callers; names and registries come from config */
    public CallerMetrics(MeterRegistry registry, Map<String, List<CallerSpec>> callersByWorkspace) {
        this.registry = registry;
        callersByWorkspace.forEach((ws, callers) -> callers.forEach(c -> {
            Series s = new Series(ws, Labels.registry(c.registry()), c.name());
            configured.add(s);
            droppedGauge(s);
        }));
    }

    /**
     * Takes the expected-caller detector's latest verdicts. Learned callers get series when they first
     * appear and lose them when they are no longer learned; configured callers keep theirs.
     */
    public synchronized void update(List<RuleResult> results) {
        Set<Series> present = new HashSet<>();
        for (RuleResult r : results) {
            Series s = new Series(r.groupLabels().getOrDefault("workspace", ""),
                    Labels.registry(r.groupLabels().getOrDefault("registry", "")),
                    r.groupLabels().getOrDefault("caller", ""));
            present.add(s);
            droppedGauge(s).set(r.active() ? 1 : 0);
            r.lastSeen().ifPresent(t -> lastSeenGauge(s).set(t.getEpochSecond()));
        }
        for (Series s : new HashSet<>(dropped.keySet())) {
            if (!present.contains(s) && !configured.contains(s)) {
                remove(s);
            }
        }
    }

    private AtomicLong droppedGauge(Series s) {
        return dropped.computeIfAbsent(s, k -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder(DROPPED, v, AtomicLong::doubleValue)
                    .description("1 while an expected caller has been silent for its max_silence although its registry"
                            + " still gets other traffic (requests dropped before ACR), else 0")
                    .tags(k.tags()).register(registry);
            return v;
        });
    }

    private AtomicLong lastSeenGauge(Series s) {
        return lastSeen.computeIfAbsent(s, k -> {
            AtomicLong v = new AtomicLong();
            meters.put(k, Gauge.builder(LAST_SEEN, v, AtomicLong::doubleValue)
                    .description("End of the last TimeGenerated minute with an event from this expected caller"
                            + " (Unix time); absent until the caller was seen")
                    .baseUnit("seconds").tags(k.tags()).register(registry));
            return v;
        });
    }

    private void remove(Series s) {
        dropped.remove(s);
        registry.find(DROPPED).tags(s.tags()).meters().forEach(registry::remove);
        if (lastSeen.remove(s) != null) {
            registry.remove(meters.remove(s));
        }
    }
}
