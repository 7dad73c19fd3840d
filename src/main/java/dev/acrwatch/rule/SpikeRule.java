package dev.acrwatch.rule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Fires when the count in the current window is at least {@code factor} times the per-window average
 * of the baseline just before it, and at least {@code minCount} (so quiet registries do not page).
 * An empty baseline counts as one event per window, which keeps the factor finite.
 */
public record SpikeRule(RuleCommon common, Duration baseline, double factor, long minCount) implements Rule {

    public SpikeRule {
        java.util.Objects.requireNonNull(common, "common");
        RuleCommon.requireWholeMinutes("baseline", baseline);
        if (baseline.compareTo(common.window()) < 0) {
            throw new InvalidRuleException("baseline", "must be at least the window (" + Durations.format(common.window())
                    + "), found " + Durations.format(baseline));
        }
        if (!(factor > 1)) {
            throw new InvalidRuleException("factor", "expected a number above 1 like 3, found " + factor);
        }
        if (minCount < 1) {
            throw new InvalidRuleException("min_count", "expected at least 1, found " + minCount);
        }
    }

    @Override
    public String type() {
        return "spike";
    }

    @Override
    public Duration history() {
        return common.window().plus(baseline);
    }

    @Override
    public List<RuleResult> evaluate(Instant now, BinStore bins, SourceHealth health) {
        Instant windowStart = now.minus(common.window());
        var groupBy = common.effectiveGroupBy();
        var current = Aggregation.group(bins.rows(windowStart, now), common.filter()::matches, groupBy);
        var base = Aggregation.group(bins.rows(windowStart.minus(baseline), windowStart),
                common.filter()::matches, groupBy);
        double windowsInBaseline = (double) baseline.toMinutes() / common.window().toMinutes();
        List<RuleResult> out = new ArrayList<>();
        current.forEach((labels, g) -> {
            var b = base.get(labels);
            double perWindow = Math.max(1.0, (b == null ? 0 : b.count) / windowsInBaseline);
            double value = g.count / perWindow;
            out.add(Aggregation.result(common, type(), labels, g, value >= factor && g.count >= minCount, value, factor));
        });
        base.forEach((labels, b) -> {
            if (!current.containsKey(labels)) {
                out.add(Aggregation.result(common, type(), labels, null, false, 0, factor));
            }
        });
        return out;
    }
}
