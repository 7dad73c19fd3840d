package dev.acrwatch.alert;

import dev.acrwatch.rule.AlertIntent;
import dev.acrwatch.rule.AlertStateMachine;
import dev.acrwatch.rule.Dimension;
import dev.acrwatch.rule.RuleCommon;
import dev.acrwatch.rule.RuleFilter;
import dev.acrwatch.rule.RuleResult;
import dev.acrwatch.rule.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Drives the real state machine with hand-made rule verdicts, so router tests read as alert stories. */
final class AlertHarness {

    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    static final String WS = "ws-prod";

    final AlertStateMachine machine = new AlertStateMachine(Duration.ofHours(4));

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static RuleCommon rule(String name, String... receivers) {
        return new RuleCommon(name, RuleFilter.ALL, List.of(Dimension.REGISTRY), Duration.ZERO, Severity.WARNING,
                Map.of("team", "platform"), Map.of("summary", "s"), List.of(receivers), Duration.ofMinutes(5));
    }

    private final Map<String, Map<String, double[]>> current = new java.util.HashMap<>();

    /**
     * One evaluation of {@code rule} at {@code now} in which {@code registry} is active or not; the rule's
     * other registries keep their last verdict, as a real evaluation reports every group at once.
     */
    List<AlertIntent> verdict(RuleCommon rule, String classLabel, String registry, boolean active, double value,
            Instant now) {
        var groups = current.computeIfAbsent(rule.name(), k -> new java.util.TreeMap<>());
        groups.put(registry, new double[] {active ? 1 : 0, value});
        List<RuleResult> results = new java.util.ArrayList<>();
        groups.forEach((reg, v) -> results.add(RuleResult.bare(rule.name(), "threshold",
                Map.of("workspace", WS, "registry", reg), v[0] == 1, v[1], 11, rule.window(), Optional.of(now))));
        return machine.observe(rule, "threshold", classLabel, results, now);
    }
}
