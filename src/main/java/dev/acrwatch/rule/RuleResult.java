package dev.acrwatch.rule;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One rule's verdict for one group at one evaluation.
 *
 * @param groupLabels workspace plus the rule's group_by values, sorted
 * @param value       count, ratio, factor or silent seconds, depending on the rule type
 * @param firstSeen   earliest minute with a counted event in the window
 * @param lastSeen    latest minute with a counted event in the window
 */
public record RuleResult(
        String ruleName,
        String ruleType,
        SortedMap<String, String> groupLabels,
        boolean active,
        double value,
        double threshold,
        Duration window,
        Optional<Instant> firstSeen,
        Optional<Instant> lastSeen,
        List<TopCount> topIdentities,
        List<TopCount> topCallerIps,
        List<TopCount> topRepositories) {

    public RuleResult {
        groupLabels = Collections.unmodifiableSortedMap(new TreeMap<>(groupLabels));
        topIdentities = List.copyOf(topIdentities);
        topCallerIps = List.copyOf(topCallerIps);
        topRepositories = List.copyOf(topRepositories);
    }

    /** The canonical group key (see {@link GroupKey}). */
    public String groupKey() {
        return GroupKey.encode(groupLabels);
    }

    /** A result with no contributors, for rules that count nothing (absence, blind). */
    public static RuleResult bare(String ruleName, String ruleType, Map<String, String> groupLabels,
            boolean active, double value, double threshold, Duration window, Optional<Instant> lastSeen) {
        return new RuleResult(ruleName, ruleType, new TreeMap<>(groupLabels), active, value, threshold,
                window, Optional.empty(), lastSeen, List.of(), List.of(), List.of());
    }
}
