package dev.acrwatch.config;

import dev.acrwatch.alert.InhibitRule;
import dev.acrwatch.alert.Route;
import dev.acrwatch.alert.Silence;
import dev.acrwatch.notify.GrafanaLink;
import dev.acrwatch.notify.ReceiverConfig;
import dev.acrwatch.rule.Rule;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Rules, receivers and how alerts reach them.
 *
 * @param routes             one per receiver (grouping, group_wait, group_interval, send_resolved)
 * @param silences           silences from the config file; more are added at run time through the API
 * @param evaluationInterval how often rules are evaluated between polls (for, absence, repeats, group flushes)
 * @param apiToken           bearer token for state-changing API calls (adding/expiring silences); none = refused
 */
public record AlertingConfig(
        List<Rule> rules,
        List<ReceiverConfig> receivers,
        List<Route> routes,
        List<Silence> silences,
        List<InhibitRule> inhibitRules,
        Duration repeatInterval,
        Duration blindAfter,
        Duration evaluationInterval,
        Optional<GrafanaLink> grafana,
        Optional<Secret> apiToken) {

    public AlertingConfig {
        rules = List.copyOf(rules);
        receivers = List.copyOf(receivers);
        routes = List.copyOf(routes);
        silences = List.copyOf(silences);
        inhibitRules = List.copyOf(inhibitRules);
    }

    /** No rules and no receivers: the daemon only exports metrics. */
    public static AlertingConfig none() {
        return new AlertingConfig(List.of(), List.of(), List.of(), List.of(), InhibitRule.defaults(),
                Duration.ofHours(4), Duration.ofMinutes(10), Duration.ofSeconds(15), Optional.empty(),
                Optional.empty());
    }

    @Override
    public String toString() {
        return "AlertingConfig[rules=" + rules.size() + ", receivers=" + receivers + ", routes=" + routes
                + ", silences=" + silences.size() + ", inhibitRules=" + inhibitRules.size() + ", repeatInterval="
                + repeatInterval + ", blindAfter=" + blindAfter + ", evaluationInterval=" + evaluationInterval
                + ", grafana=" + grafana + ", apiToken=" + (apiToken.isPresent() ? "<redacted>" : "none") + "]";
    }
}
