package dev.acrwatch.rule;

import java.time.Instant;
import java.util.Objects;

/**
 * A request to notify about one alert transition. The dedup key is rule + group key + episode start +
 * kind (firing / repeat-n / resolved): evaluating the same state again, or after a restart, yields the
 * same key, so the outbox can refuse a second send.
 *
 * @param episodeStart when this firing episode began
 * @param at           the evaluation time that produced the intent
 * @param result       the rule's verdict at {@code at}; for RESOLVED, the value at resolve time
 */
public record AlertIntent(
        String dedupKey,
        IntentKind kind,
        int repeatNumber,
        String ruleType,
        String classLabel,
        RuleCommon rule,
        Instant episodeStart,
        Instant at,
        RuleResult result) {

    public AlertIntent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(result, "result");
    }

    /** Identifies the alert (rule + group), whatever its episode. */
    public String alertKey() {
        return rule.name() + "|" + result.groupKey();
    }

    static String dedupKey(String rule, String groupKey, Instant episodeStart, IntentKind kind, int repeat) {
        String k = kind == IntentKind.REPEAT ? "repeat-" + repeat : kind.label();
        return rule + "|" + groupKey + "|" + episodeStart + "|" + k;
    }
}
