package dev.acrwatch.alert;

import dev.acrwatch.rule.AlertIntent;
import dev.acrwatch.rule.IntentKind;
import dev.acrwatch.rule.TopCount;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Builds the receiver-facing {@link AlertSnapshot} of an alert transition. */
public final class AlertSnapshots {

    private AlertSnapshots() {}

    /**
     * Labels: the rule's own labels, then the group labels (workspace and group_by values), then
     * {@code rule}, {@code severity} and {@code class} (the grouped class, or the rule's class label).
     */
    public static AlertSnapshot of(AlertIntent intent) {
        var rule = intent.rule();
        var result = intent.result();
        Map<String, String> labels = new TreeMap<>(rule.labels());
        labels.putAll(result.groupLabels());
        labels.put("rule", rule.name());
        labels.put("severity", rule.severity().label());
        labels.putIfAbsent("class", intent.classLabel());
        boolean resolved = intent.kind() == IntentKind.RESOLVED;
        return new AlertSnapshot(rule.name(), intent.ruleType(),
                resolved ? AlertStatus.RESOLVED : AlertStatus.FIRING, rule.severity().label(), labels,
                rule.annotations(), result.value(), result.threshold(), result.window(), intent.episodeStart(),
                resolved ? Optional.of(intent.at()) : Optional.empty(), result.firstSeen(), result.lastSeen(),
                contributors(result.topIdentities()), contributors(result.topCallerIps()),
                contributors(result.topRepositories()), Optional.empty());
    }

    private static List<Contributor> contributors(List<TopCount> top) {
        return top.stream().map(t -> new Contributor(t.value(), t.count())).toList();
    }
}
