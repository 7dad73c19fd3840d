package dev.acrwatch.rule;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The persisted state of one (rule, group) alert: plain data, so a restarted dispatcher can rebuild the
 * machine and neither lose nor repeat a notification.
 *
 * @param activeSince    first evaluation at which the condition held in this episode
 * @param firingSince    when it started firing — the episode start in dedup keys (FIRING only)
 * @param lastNotifiedAt when the last firing/repeat intent was made (FIRING only)
 * @param repeats        how many repeat intents were made in this episode
 */
public record AlertState(
        String ruleName,
        String groupKey,
        SortedMap<String, String> groupLabels,
        AlertPhase phase,
        Instant activeSince,
        Optional<Instant> firingSince,
        Optional<Instant> lastNotifiedAt,
        int repeats) {

    public AlertState {
        Objects.requireNonNull(ruleName, "ruleName");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(activeSince, "activeSince");
        groupLabels = Collections.unmodifiableSortedMap(new TreeMap<>(groupLabels));
        if (!groupKey.equals(GroupKey.encode(groupLabels))) {
            throw new IllegalArgumentException("groupKey does not match groupLabels for rule " + ruleName);
        }
        if (phase == AlertPhase.FIRING && (firingSince.isEmpty() || lastNotifiedAt.isEmpty())) {
            throw new IllegalArgumentException("a firing alert state needs firingSince and lastNotifiedAt");
        }
    }

    /** The key this state is stored under. */
    public String key() {
        return ruleName + "|" + groupKey;
    }
}
