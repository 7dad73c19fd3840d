package dev.acrwatch.rule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Fires when the matching events in [now − window, now) number at least {@code threshold}. */
public record ThresholdRule(RuleCommon common, long threshold) implements Rule {

    public ThresholdRule {
        java.util.Objects.requireNonNull(common, "common");
        if (threshold < 1) {
            throw new InvalidRuleException("threshold", "expected a count of at least 1, found " + threshold);
        }
    }

    @Override
    public String type() {
        return "threshold";
    }

    @Override
    public Duration history() {
        return common.window();
    }

    @Override
    public List<RuleResult> evaluate(Instant now, BinStore bins, SourceHealth health) {
        var groups = Aggregation.group(bins.rows(now.minus(common.window()), now), common.filter()::matches,
                common.effectiveGroupBy());
        List<RuleResult> out = new ArrayList<>();
        groups.forEach((labels, g) -> out.add(Aggregation.result(common, type(), labels, g,
                g.count >= threshold, g.count, threshold)));
        return out;
    }
}
