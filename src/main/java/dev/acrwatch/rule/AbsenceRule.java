package dev.acrwatch.rule;

import dev.acrwatch.event.FailureClass;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Fires when a registry (group_by registry) or a whole workspace (no group_by) has produced no event
 * at all for {@code window}. Expected registries are those in {@code filter.registries}, or else every
 * registry seen within {@code lookback}; expected workspaces are those seen plus those the health
 * signal knows. Never fires for a workspace that cannot be queried — that is the blind alert.
 * Value is the silent time in seconds (at least the lookback when never seen).
 */
public record AbsenceRule(RuleCommon common, Duration lookback) implements Rule {

    public static final Duration DEFAULT_LOOKBACK = Duration.ofHours(6);

    public AbsenceRule {
        java.util.Objects.requireNonNull(common, "common");
        lookback = lookback == null ? DEFAULT_LOOKBACK : lookback;
        RuleCommon.requireWholeMinutes("lookback", lookback);
        if (lookback.compareTo(common.window()) <= 0) {
            throw new InvalidRuleException("lookback", "must be longer than the window (" + Durations.format(common.window())
                    + ") or a silent registry would be forgotten, found " + Durations.format(lookback));
        }
        var g = common.groupBy().stream().filter(d -> d != Dimension.WORKSPACE).toList();
        if (!(g.isEmpty() || g.equals(List.of(Dimension.REGISTRY)))) {
            throw new InvalidRuleException("group_by", "an absence rule groups by registry or by nothing (the workspace),"
                    + " found " + common.groupBy().stream().map(Dimension::label).toList());
        }
        if (!common.filter().reasons().isEmpty()) {
            throw new InvalidRuleException("filter.reasons", "an absence rule counts events of every reason; remove it");
        }
        if (!common.filter().classes().isEmpty()) {
            throw new InvalidRuleException("filter.classes", "an absence rule counts events of every class; remove it");
        }
    }

    @Override
    public String type() {
        return "absence";
    }

    @Override
    public Duration history() {
        return lookback;
    }

    /** Silence of a registry that used to talk is what a dropped network looks like. */
    @Override
    public String classLabel() {
        return FailureClass.NETWORK_DROP.label();
    }

    private boolean byRegistry() {
        return common.groupBy().contains(Dimension.REGISTRY);
    }

    @Override
    public List<RuleResult> evaluate(Instant now, BinStore bins, SourceHealth health) {
        Instant windowStart = now.minus(common.window());
        var groupBy = common.effectiveGroupBy();
        var seen = Aggregation.group(bins.rows(now.minus(lookback), now), common.filter()::matchesScope, groupBy);
        Map<SortedMap<String, String>, Instant> lastSeen = new java.util.LinkedHashMap<>();
        seen.forEach((labels, g) -> lastSeen.put(labels, g.last));
        if (byRegistry()) {
            for (String registry : new java.util.TreeSet<>(common.filter().registries())) {
                boolean known = lastSeen.keySet().stream().anyMatch(l -> registry.equals(l.get("registry")));
                if (!known) {
                    // Never seen: its workspace is unknown, so the group carries the registry only.
                    SortedMap<String, String> labels = new TreeMap<>(Map.of("registry", registry));
                    lastSeen.put(labels, null);
                }
            }
        } else {
            for (String ws : new java.util.TreeSet<>(health.workspaces())) {
                lastSeen.putIfAbsent(new TreeMap<>(Map.of("workspace", ws)), null);
            }
        }
        List<RuleResult> out = new ArrayList<>();
        lastSeen.forEach((labels, last) -> {
            Instant silentSince = last == null ? null : last.plus(1, ChronoUnit.MINUTES);
            boolean silent = silentSince == null || !silentSince.isAfter(windowStart);
            double silentSeconds = silentSince == null ? lookback.toSeconds()
                    : Math.max(0, Duration.between(silentSince, now).toSeconds());
            boolean active = silent && readable(labels.get("workspace"), health);
            out.add(RuleResult.bare(common.name(), type(), labels, active, silentSeconds,
                    common.window().toSeconds(), common.window(), Optional.ofNullable(last)));
        });
        return out;
    }

    /** An unknown workspace (a listed registry never seen) is readable only if every workspace is. */
    private static boolean readable(String workspace, SourceHealth health) {
        if (workspace != null) {
            return health.isHealthy(workspace);
        }
        return !health.workspaces().isEmpty() && health.workspaces().stream().allMatch(health::isHealthy);
    }
}
