package dev.acrwatch.rule;

import dev.acrwatch.event.FailureClass;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Fires when failures (the filter's classes; all failure classes when none are listed) make up at
 * least {@code ratio} of all events in scope over the window, once there are {@code minEvents} events.
 * Groups by workspace, registry and operation only: identities and IPs exist on failure rows alone,
 * so a denominator per identity would be wrong.
 */
public record RatioRule(RuleCommon common, double ratio, long minEvents) implements Rule {

    private static final Set<Dimension> RATIO_GROUPABLE = Set.of(Dimension.WORKSPACE, Dimension.REGISTRY,
            Dimension.OPERATION);

    public RatioRule {
        java.util.Objects.requireNonNull(common, "common");
        if (!(ratio > 0 && ratio <= 1)) {
            throw new InvalidRuleException("ratio", "expected a fraction in (0, 1] like 0.2, found " + ratio);
        }
        if (minEvents < 1) {
            throw new InvalidRuleException("min_events", "expected at least 1, found " + minEvents);
        }
        for (int i = 0; i < common.groupBy().size(); i++) {
            Dimension d = common.groupBy().get(i);
            if (!RATIO_GROUPABLE.contains(d)) {
                throw new InvalidRuleException("group_by[" + i + "]", "a ratio rule groups by workspace, registry or"
                        + " operation only (identity, IP and repository exist on failure rows alone), found \""
                        + d.label() + "\"");
            }
        }
        if (common.filter().classes().contains(FailureClass.OK)) {
            throw new InvalidRuleException("filter.classes", "a ratio counts failures; \"ok\" cannot be one");
        }
    }

    @Override
    public String type() {
        return "ratio";
    }

    @Override
    public Duration history() {
        return common.window();
    }

    private boolean isCountedFailure(BinDims d) {
        Set<FailureClass> classes = common.filter().classes();
        Set<String> reasons = common.filter().reasons();
        return (classes.isEmpty() ? d.failureClass().isFailure() : classes.contains(d.failureClass()))
                && (reasons.isEmpty() || reasons.contains(d.reason()));
    }

    @Override
    public List<RuleResult> evaluate(Instant now, BinStore bins, SourceHealth health) {
        var rows = bins.rows(now.minus(common.window()), now);
        var groupBy = common.effectiveGroupBy();
        var totals = Aggregation.group(rows, common.filter()::matchesScope, groupBy);
        var failures = Aggregation.group(rows, d -> common.filter().matchesScope(d) && isCountedFailure(d), groupBy);
        List<RuleResult> out = new ArrayList<>();
        totals.forEach((labels, total) -> {
            var failed = failures.get(labels);
            long f = failed == null ? 0 : failed.count;
            double value = (double) f / total.count;
            boolean active = total.count >= minEvents && value >= ratio;
            out.add(Aggregation.result(common, type(), labels, failed, active, value, ratio));
        });
        return out;
    }
}
