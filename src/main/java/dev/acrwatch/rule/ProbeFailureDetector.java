package dev.acrwatch.rule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The daemon's own probes of each registry (DNS, TCP, TLS, {@code /v2/}): a registry whose probe has
 * failed continuously for {@code failFor} is {@code network_drop} — requests from here do not reach
 * it, and neither would a cluster's behind the same firewall or DNS. One failed probe does not page.
 */
public final class ProbeFailureDetector {

    public static final String RULE_NAME = "acrwatch_probe";

    /** One probe run, copied from the probe adapter so the domain does not depend on it. */
    public record Observation(String registry, boolean success, String reason, Instant at) {}

    private record Failing(Instant since, String reason, Instant lastRun) {}

    private final Duration failFor;
    private final RuleCommon rule;
    private final Map<String, Failing> failing = new TreeMap<>();
    private final Map<String, Instant> lastRun = new TreeMap<>();

    /**
     * @param failFor how long a registry's probe must keep failing before it counts (e.g. two probe intervals)
     */
    public ProbeFailureDetector(Duration failFor, List<String> receivers) {
        if (failFor == null || failFor.isNegative() || failFor.isZero()) {
            throw new InvalidRuleException("probes.fail_for", "expected a positive duration, found " + failFor);
        }
        this.failFor = failFor;
        this.rule = new RuleCommon(RULE_NAME, RuleFilter.ALL, List.of(Dimension.REGISTRY), Duration.ZERO,
                Severity.CRITICAL, Map.of(), Map.of("summary",
                        "acr-watch's own probe of the registry keeps failing: requests are dropped before they reach it"),
                receivers, Duration.ofMinutes(Math.max(1, failFor.toMinutes())));
    }

    /** The rule its alerts carry. */
    public RuleCommon rule() {
        return rule;
    }

    public synchronized void record(Observation o) {
        lastRun.put(o.registry(), o.at());
        if (o.success()) {
            failing.remove(o.registry());
        } else {
            Failing before = failing.get(o.registry());
            failing.put(o.registry(), new Failing(before == null ? o.at() : before.since(), o.reason(), o.at()));
        }
    }

    /** One result per probed registry: active while its probe has failed for at least {@code failFor}. */
    public synchronized List<RuleResult> evaluate(Instant now) {
        List<RuleResult> out = new ArrayList<>();
        for (String registry : lastRun.keySet()) {
            Failing f = failing.get(registry);
            long seconds = f == null ? 0 : Math.max(0, Duration.between(f.since(), now).toSeconds());
            boolean active = f != null && seconds >= failFor.toSeconds();
            Map<String, String> labels = Map.of("registry", registry);
            out.add(RuleResult.bare(RULE_NAME, "probe", labels, active, seconds, failFor.toSeconds(), failFor,
                    Optional.ofNullable(lastRun.get(registry))));
        }
        return out;
    }

    /** The reason of a registry's current failure ({@code tcp_refused}, {@code dns_public_address}, …). */
    public synchronized Optional<String> reason(String registry) {
        return Optional.ofNullable(failing.get(registry)).map(Failing::reason);
    }

    /** Evaluates and steps the lifecycle in one go. */
    public List<AlertIntent> observe(AlertStateMachine machine, Instant now) {
        return machine.observe(rule, "probe", "network_drop", evaluate(now), now);
    }
}
