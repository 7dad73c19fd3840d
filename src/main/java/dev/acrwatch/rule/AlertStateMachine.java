package dev.acrwatch.rule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Alert lifecycle per (rule, group): inactive → pending → firing → resolved (→ inactive).
 * <ul>
 *   <li>Pending becomes firing at the first evaluation where it has been active for at least {@code for}
 *       (exactly {@code for} counts). An inactive evaluation while pending drops back to inactive, so a
 *       condition that flaps faster than {@code for} never fires.</li>
 *   <li>Firing makes a FIRING intent, then a REPEAT intent whenever {@code repeatInterval} has passed
 *       since the last one. The first inactive evaluation resolves it at once (RESOLVED intent with the
 *       value of that evaluation); being active again later starts a new episode.</li>
 *   <li>A group missing from a rule's results counts as inactive with value 0.</li>
 * </ul>
 * Not thread-safe: one evaluator owns it.
 */
public final class AlertStateMachine {

    public static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofHours(4);

    private final Duration repeatInterval;
    private final Map<String, AlertState> states = new HashMap<>();

    /** Threshold of each active alert, for the resolve of a group that vanished from its rule's results. */
    private final Map<String, Double> lastThreshold = new HashMap<>();

    public AlertStateMachine(Duration repeatInterval) {
        if (repeatInterval == null || repeatInterval.isNegative() || repeatInterval.isZero()) {
            throw new InvalidRuleException("repeat_interval", "expected a positive duration like 4h, found "
                    + Durations.format(repeatInterval));
        }
        this.repeatInterval = repeatInterval;
    }

    /** Rebuilds the machine from persisted states (after a restart or on another node). */
    public static AlertStateMachine restore(Duration repeatInterval, Collection<AlertState> saved) {
        AlertStateMachine m = new AlertStateMachine(repeatInterval);
        saved.forEach(s -> m.states.put(s.key(), s));
        return m;
    }

    /**
     * Replaces every state with saved ones (another node evaluated since this one last did).
     *
     * @param thresholds the threshold each active alert was last measured against, by {@link AlertState#key()}
     */
    public void replaceAll(Collection<AlertState> saved, Map<String, Double> thresholds) {
        states.clear();
        lastThreshold.clear();
        saved.forEach(s -> states.put(s.key(), s));
        thresholds.forEach((k, v) -> {
            if (states.containsKey(k)) {
                lastThreshold.put(k, v);
            }
        });
    }

    /** The thresholds of active alerts, to persist beside {@link #states()}. */
    public Map<String, Double> thresholds() {
        Map<String, Double> out = new TreeMap<>();
        lastThreshold.forEach((k, v) -> {
            if (states.containsKey(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The current states, to persist in the same transaction as the intents. */
    public List<AlertState> states() {
        List<AlertState> out = new ArrayList<>(states.values());
        out.sort(java.util.Comparator.comparing(AlertState::key));
        return out;
    }

    /** Applies one evaluation of {@code rule} (all its groups) and returns the intents it causes. */
    public List<AlertIntent> observe(Rule rule, List<RuleResult> results, Instant now) {
        return observe(rule.common(), rule.type(), rule.classLabel(), results, now);
    }

    /** As {@link #observe(Rule, List, Instant)}, for alert sources that are not bin rules (the blind detector). */
    public List<AlertIntent> observe(RuleCommon rule, String ruleType, String classLabel, List<RuleResult> results,
            Instant now) {
        List<AlertIntent> intents = new ArrayList<>();
        Set<String> observed = new HashSet<>();
        for (RuleResult r : results) {
            if (!r.ruleName().equals(rule.name())) {
                continue;
            }
            observed.add(r.groupKey());
            step(rule, ruleType, classLabel, r, now, intents);
        }
        List<AlertState> vanished = states.values().stream()
                .filter(s -> s.ruleName().equals(rule.name()) && !observed.contains(s.groupKey()))
                .sorted(java.util.Comparator.comparing(AlertState::key)).toList();
        for (AlertState s : vanished) {
            // The resolve message still states the threshold the alert was measured against.
            RuleResult zero = RuleResult.bare(rule.name(), ruleType, s.groupLabels(), false, 0,
                    lastThreshold.getOrDefault(s.key(), 0.0), rule.window(), Optional.empty());
            step(rule, ruleType, classLabel, zero, now, intents);
        }
        return intents;
    }

    private void step(RuleCommon rule, String type, String classLabel, RuleResult r, Instant now,
            List<AlertIntent> out) {
        String key = rule.name() + "|" + r.groupKey();
        AlertState s = states.get(key);
        if (r.active()) {
            lastThreshold.put(key, r.threshold());
        }
        if (!r.active()) {
            lastThreshold.remove(key);
            if (s != null && s.phase() == AlertPhase.FIRING) {
                Instant episode = s.firingSince().orElseThrow();
                out.add(intent(rule, type, classLabel, r, episode, now, IntentKind.RESOLVED, 0));
            }
            states.remove(key);
            return;
        }
        if (s == null) {
            s = new AlertState(rule.name(), r.groupKey(), r.groupLabels(), AlertPhase.PENDING, now,
                    Optional.empty(), Optional.empty(), 0);
        }
        if (s.phase() == AlertPhase.PENDING) {
            if (Duration.between(s.activeSince(), now).compareTo(rule.forDuration()) >= 0) {
                s = new AlertState(s.ruleName(), s.groupKey(), s.groupLabels(), AlertPhase.FIRING, s.activeSince(),
                        Optional.of(now), Optional.of(now), 0);
                out.add(intent(rule, type, classLabel, r, now, now, IntentKind.FIRING, 0));
            }
        } else {
            Instant last = s.lastNotifiedAt().orElseThrow();
            if (Duration.between(last, now).compareTo(repeatInterval) >= 0) {
                int n = s.repeats() + 1;
                s = new AlertState(s.ruleName(), s.groupKey(), s.groupLabels(), AlertPhase.FIRING, s.activeSince(),
                        s.firingSince(), Optional.of(now), n);
                out.add(intent(rule, type, classLabel, r, s.firingSince().orElseThrow(), now, IntentKind.REPEAT, n));
            }
        }
        states.put(key, s);
    }

    private static AlertIntent intent(RuleCommon rule, String type, String classLabel, RuleResult r,
            Instant episode, Instant now, IntentKind kind, int repeat) {
        return new AlertIntent(AlertIntent.dedupKey(rule.name(), r.groupKey(), episode, kind, repeat), kind, repeat,
                type, classLabel, rule, episode, now, r);
    }

    /** How many alerts are pending and firing, for a gauge ({@code acrwatch_alerts{state}}). */
    public Map<AlertPhase, Long> countsByPhase() {
        Map<AlertPhase, Long> m = new TreeMap<>();
        for (AlertPhase p : AlertPhase.values()) {
            m.put(p, states.values().stream().filter(s -> s.phase() == p).count());
        }
        return m;
    }
}
