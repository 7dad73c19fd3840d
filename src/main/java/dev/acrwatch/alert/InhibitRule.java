package dev.acrwatch.alert;

import dev.acrwatch.rule.InvalidRuleException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * While an alert matching {@code source} fires, alerts matching {@code target} whose {@code equal} labels
 * have the same values are held back (an alert never inhibits itself).
 */
public record InhibitRule(String name, List<LabelMatcher> source, List<LabelMatcher> target, List<String> equal) {

    public InhibitRule {
        if (name == null || name.isBlank()) {
            throw new InvalidRuleException("name", "an inhibition rule needs a name");
        }
        source = source == null ? List.of() : List.copyOf(source);
        target = target == null ? List.of() : List.copyOf(target);
        equal = equal == null ? List.of() : List.copyOf(equal);
        if (source.isEmpty()) {
            throw new InvalidRuleException("source_matchers", "needs at least one matcher");
        }
        if (target.isEmpty()) {
            throw new InvalidRuleException("target_matchers", "needs at least one matcher");
        }
    }

    /** A dropped network or a blind workspace explains auth failures and silence; hold those back. */
    public static List<InhibitRule> defaults() {
        return List.of(
                new InhibitRule("network_drop_holds_auth_failures",
                        List.of(LabelMatcher.eq("class", "network_drop")),
                        List.of(LabelMatcher.re("class", ".*(unauthorized|forbidden).*")),
                        List.of("registry")),
                new InhibitRule("blind_holds_workspace",
                        List.of(LabelMatcher.eq("rule", BlindDetector.RULE_NAME)),
                        List.of(new LabelMatcher("rule", LabelMatcher.Op.NEQ, BlindDetector.RULE_NAME)),
                        List.of("workspace")));
    }

    public boolean inhibits(Map<String, String> sourceLabels, Map<String, String> targetLabels) {
        if (sourceLabels.equals(targetLabels)) {
            return false;
        }
        if (!LabelMatcher.all(source, sourceLabels) || !LabelMatcher.all(target, targetLabels)) {
            return false;
        }
        for (String l : equal) {
            if (!Objects.equals(sourceLabels.getOrDefault(l, ""), targetLabels.getOrDefault(l, ""))) {
                return false;
            }
        }
        return true;
    }
}
