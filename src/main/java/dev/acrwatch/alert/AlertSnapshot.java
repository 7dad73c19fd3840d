package dev.acrwatch.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a receiver needs to know about one alert at the moment a notification is made.
 * Label and contributor values may come from logs and are attacker-controlled: receivers escape them.
 *
 * @param labels      identifying labels, sorted: {@code rule}, {@code registry}, {@code class}, group_by values, rule labels
 * @param value       the measured value (count, ratio, factor, silent seconds) at this moment — at resolve time for resolved
 * @param threshold   the rule's threshold in the same unit
 * @param startsAt    when it started firing
 * @param endsAt      when it resolved (resolved alerts only)
 * @param firstSeen   earliest event (TimeGenerated) that contributed
 * @param lastSeen    latest event (TimeGenerated) that contributed
 * @param kql         a ready-to-paste query reproducing the numbers in the portal, filled by an adapter
 */
public record AlertSnapshot(
        String ruleName,
        String ruleType,
        AlertStatus status,
        String severity,
        Map<String, String> labels,
        Map<String, String> annotations,
        double value,
        double threshold,
        Duration window,
        Instant startsAt,
        Optional<Instant> endsAt,
        Optional<Instant> firstSeen,
        Optional<Instant> lastSeen,
        List<Contributor> topIdentities,
        List<Contributor> topCallerIps,
        List<Contributor> topRepositories,
        Optional<String> kql) {

    public AlertSnapshot {
        labels = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(labels)); // kept sorted, as documented
        annotations = Map.copyOf(annotations);
        topIdentities = List.copyOf(topIdentities);
        topCallerIps = List.copyOf(topCallerIps);
        topRepositories = List.copyOf(topRepositories);
    }

    /** The failure class label ({@code unauthorized}, …), or empty for rules not tied to one class. */
    public Optional<String> failureClass() {
        return Optional.ofNullable(labels.get("class"));
    }

    public Optional<String> registry() {
        return Optional.ofNullable(labels.get("registry"));
    }
}
