package dev.acrwatch.daemon;

import dev.acrwatch.alert.InhibitRule;
import dev.acrwatch.alert.Route;
import dev.acrwatch.config.AlertingConfig;
import dev.acrwatch.config.Secret;
import dev.acrwatch.event.FailureClass;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.notify.EmailReceiver;
import dev.acrwatch.notify.GrafanaLink;
import dev.acrwatch.notify.SlackReceiver;
import dev.acrwatch.notify.Timeouts;
import dev.acrwatch.rule.Dimension;
import dev.acrwatch.rule.Rule;
import dev.acrwatch.rule.RuleCommon;
import dev.acrwatch.rule.RuleFilter;
import dev.acrwatch.rule.Rules;
import dev.acrwatch.rule.Severity;
import dev.acrwatch.rule.ThresholdRule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The demo's rules and receivers: the shipped login rule plus one rule per other failure of the story. */
final class DemoAlerting {

    static final String EMAIL = "sre-email";
    static final String SLACK = "sre-slack";
    static final String FORBIDDEN_RULE = "acr_forbidden_pulls";
    static final String THROTTLED_RULE = "acr_throttled";

    private DemoAlerting() {}

    /**
     * @param speed simulated seconds per real second: the daemon's first query through a cold SDK can
     *              take several real seconds, which at test speed is many simulated minutes, so the
     *              blind alert waits at least ten real seconds
     * @param smtp  host:port of an outside SMTP server, or empty for the embedded one
     */
    static AlertingConfig config(DemoSinks sinks, double speed, Optional<String> smtp) {
        // Rules count in whole minutes, so round up.
        long blindMinutes = Math.max(10, (long) Math.ceil(10 * speed / 60.0));
        Duration blindAfter = Duration.ofMinutes(blindMinutes);
        String host = smtp.map(h -> h.substring(0, h.lastIndexOf(':'))).orElse("127.0.0.1");
        int port = smtp.map(h -> Integer.parseInt(h.substring(h.lastIndexOf(':') + 1))).orElse(sinks.smtpPort());
        List<String> receivers = List.of(EMAIL, SLACK);
        ThresholdRule login = (ThresholdRule) Rules.defaults().get(0);
        List<Rule> rules = List.of(
                new ThresholdRule(login.common().withReceivers(receivers).withFor(Duration.ofMinutes(1)),
                        login.threshold()),
                threshold(FORBIDDEN_RULE, LogTable.REPOSITORY, FailureClass.FORBIDDEN, 5, Severity.WARNING,
                        "Pulls or pushes refused (403): the identity lacks AcrPull/AcrPush or a network rule denies it",
                        receivers),
                threshold(THROTTLED_RULE, null, FailureClass.THROTTLED, 20, Severity.WARNING,
                        "The registry is throttling requests (429)", receivers));
        EmailReceiver email = new EmailReceiver(EMAIL, true, host, port,
                EmailReceiver.SmtpSecurity.NONE, Optional.empty(), Optional.empty(), "acr-watch@contoso.example",
                List.of("sre-oncall@contoso.example"), List.of(), EmailReceiver.DEFAULT_SUBJECT, Timeouts.DEFAULT,
                Map.of());
        SlackReceiver slack = new SlackReceiver(SLACK, Secret.of(sinks.slackUrl()));
        List<Route> routes = List.of(route(EMAIL), route(SLACK));
        return new AlertingConfig(rules, List.of(email, slack), routes, List.of(), InhibitRule.defaults(),
                Duration.ofHours(4), blindAfter, Duration.ofSeconds(15),
                Optional.of(new GrafanaLink("http://localhost:3000", "/d/acr-failures/acr-failures")), Optional.empty());
    }

    private static Route route(String receiver) {
        return new Route(receiver, null, Duration.ofSeconds(30), Duration.ofMinutes(5), true);
    }

    private static ThresholdRule threshold(String name, LogTable table, FailureClass cls, long n, Severity severity,
            String summary, List<String> receivers) {
        RuleFilter filter = new RuleFilter(table == null ? Set.of() : Set.of(table), Set.of(cls), Set.of(), Set.of());
        return new ThresholdRule(new RuleCommon(name, filter, List.of(Dimension.REGISTRY), Duration.ofMinutes(1),
                severity, Map.of(), Map.of("summary", summary), receivers, Duration.ofMinutes(5)), n);
    }
}
