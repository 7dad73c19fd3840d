package dev.acrwatch.rule;

import dev.acrwatch.event.FailureClass;
import dev.acrwatch.event.LogTable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The shipped default rules, and helpers over a rule set. */
public final class Rules {

    /** Name of the default rule: unauthorized + forbidden logins, more than 10 in 5 minutes, per registry. */
    public static final String DEFAULT_AUTH_RULE = "acr_login_auth_failures";

    private Rules() {}

    /** Unauthorized + forbidden logins &gt; 10 (i.e. &gt;= 11) in 5 minutes, per registry. */
    public static List<Rule> defaults() {
        RuleCommon common = new RuleCommon(DEFAULT_AUTH_RULE,
                // Anonymous 401s are docker's credential-less first request: constant noise, not a broken login.
                new RuleFilter(Set.of(LogTable.LOGIN), Set.of(FailureClass.UNAUTHORIZED, FailureClass.FORBIDDEN),
                        Set.of(), Set.of(), Set.of("rejected_credentials", "none")),
                List.of(Dimension.REGISTRY), Duration.ZERO, Severity.WARNING, Map.of(),
                Map.of("summary", "More than 10 failed logins (401/403) in 5 minutes"),
                List.of(), Duration.ofMinutes(5));
        return List.of(new ThresholdRule(common, 11));
    }

    /** How long bins must be kept: the longest history any rule needs. */
    public static Duration retention(List<? extends Rule> rules) {
        Duration max = Duration.ZERO;
        for (Rule r : rules) {
            if (r.history().compareTo(max) > 0) {
                max = r.history();
            }
        }
        return max;
    }

    /** Evaluates every rule; names must be unique (see {@link #requireUniqueNames}). */
    public static List<RuleResult> evaluateAll(List<? extends Rule> rules, Instant now, BinStore bins,
            SourceHealth health) {
        List<RuleResult> out = new ArrayList<>();
        for (Rule r : rules) {
            out.addAll(r.evaluate(now, bins, health));
        }
        return out;
    }

    /** Throws naming the index of the second rule with a name already used. */
    public static void requireUniqueNames(List<? extends Rule> rules) {
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            String n = rules.get(i).name();
            if (!seen.add(n)) {
                throw new InvalidRuleException("rules[" + i + "].name", "\"" + n + "\" is already used by another rule");
            }
        }
    }
}
