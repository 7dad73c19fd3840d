package dev.acrwatch.alert;

import dev.acrwatch.rule.AlertIntent;
import dev.acrwatch.rule.AlertStateMachine;
import dev.acrwatch.rule.Dimension;
import dev.acrwatch.rule.RuleCommon;
import dev.acrwatch.rule.RuleFilter;
import dev.acrwatch.rule.RuleResult;
import dev.acrwatch.rule.Severity;
import dev.acrwatch.rule.SourceHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The daemon's own "I cannot see" alert: a workspace with no successful query for {@code blindAfter}
 * or more fires {@code acrwatch_blind} (class none, severity critical) and resolves on the next success.
 * Runs through the same lifecycle as rules (for = 0).
 */
public final class BlindDetector {

    public static final String RULE_NAME = "acrwatch_blind";
    public static final Duration DEFAULT_BLIND_AFTER = Duration.ofMinutes(10);

    private final Duration blindAfter;
    private final RuleCommon rule;

    public BlindDetector(Duration blindAfter, List<String> receivers) {
        this.blindAfter = blindAfter == null ? DEFAULT_BLIND_AFTER : blindAfter;
        try {
            this.rule = new RuleCommon(RULE_NAME, RuleFilter.ALL, List.of(Dimension.WORKSPACE), Duration.ZERO,
                    Severity.CRITICAL, Map.of(), Map.of("summary", "acr-watch cannot query the Log Analytics workspace"),
                    receivers, this.blindAfter);
        } catch (IllegalArgumentException e) {
            throw new dev.acrwatch.rule.InvalidRuleException("blind_after",
                    e.getMessage().replaceFirst("^window: ", ""));
        }
    }

    public RuleCommon rule() {
        return rule;
    }

    /**
     * @param lastSuccess per configured workspace, its last successful query — or, if it never had one,
     *                    when the daemon started watching it
     */
    public List<RuleResult> evaluate(Instant now, Map<String, Instant> lastSuccess) {
        List<RuleResult> out = new ArrayList<>();
        new TreeMap<>(lastSuccess).forEach((ws, last) -> {
            Duration since = Duration.between(last, now);
            out.add(RuleResult.bare(RULE_NAME, "blind", Map.of("workspace", ws), since.compareTo(blindAfter) >= 0,
                    Math.max(0, since.toSeconds()), blindAfter.toSeconds(), blindAfter, Optional.empty()));
        });
        return out;
    }

    /** Evaluates and steps the lifecycle in one go. */
    public List<AlertIntent> observe(AlertStateMachine machine, Instant now, Map<String, Instant> lastSuccess) {
        return machine.observe(rule, "blind", "none", evaluate(now, lastSuccess), now);
    }

    /** Workspaces that are not blind, as the health signal absence rules need. */
    public SourceHealth health(Instant now, Map<String, Instant> lastSuccess) {
        Map<String, Boolean> m = new HashMap<>();
        lastSuccess.forEach((ws, last) -> m.put(ws, Duration.between(last, now).compareTo(blindAfter) < 0));
        return SourceHealth.of(m);
    }
}
