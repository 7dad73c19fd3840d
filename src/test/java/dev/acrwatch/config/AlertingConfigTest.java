package dev.acrwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.alert.InhibitRule;
import dev.acrwatch.alert.LabelMatcher;
import dev.acrwatch.alert.Route;
import dev.acrwatch.alert.Silence;
import dev.acrwatch.event.FailureClass;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.notify.AlertmanagerReceiver;
import dev.acrwatch.notify.EmailReceiver;
import dev.acrwatch.notify.GrafanaLink;
import dev.acrwatch.notify.SlackReceiver;
import dev.acrwatch.notify.Timeouts;
import dev.acrwatch.notify.WebhookReceiver;
import dev.acrwatch.rule.AbsenceRule;
import dev.acrwatch.rule.Dimension;
import dev.acrwatch.rule.RatioRule;
import dev.acrwatch.rule.RuleCommon;
import dev.acrwatch.rule.RuleFilter;
import dev.acrwatch.rule.Rules;
import dev.acrwatch.rule.Severity;
import dev.acrwatch.rule.SpikeRule;
import dev.acrwatch.rule.ThresholdRule;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertingConfigTest {

    private static final String MINIMAL = """
            workspaces:
              - name: prod
                id: 11111111-2222-3333-4444-555555555555
            """;
    private static final Map<String, String> ENV = Map.of(
            "SMTP_PASSWORD", "smtp-password-value",
            "SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T000/B000/slack-env-token",
            "HOOK_TOKEN", "hook-env-token-value");

    @TempDir
    Path dir;
    Path file;

    @BeforeEach
    void writeFixture() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/config/good/alerting.yaml")) {
            file = dir.resolve("acr-watch.yaml");
            Files.write(file, in.readAllBytes());
        }
        Files.writeString(dir.resolve("api-token"), "api-token-from-file\n");
        Files.writeString(dir.resolve("slack-url"), "https://hooks.slack.com/services/T1/B1/slack-file-token\n");
        Files.writeString(dir.resolve("hook-token"), "hook-file-token-value");
    }

    @Test
    void noAlertingKeyMeansNone() throws Exception {
        assertThat(ConfigLoader.load("minimal", MINIMAL, Map.of()).alerting()).isEqualTo(AlertingConfig.none());
        assertThat(ConfigLoader.load("null", MINIMAL + "alerting:\n", Map.of()).alerting()).isEqualTo(AlertingConfig.none());
    }

    @Test
    void emptyAlertingMapGetsDefaultRuleAndInhibitionAndTimings() throws Exception {
        AlertingConfig a = ConfigLoader.load("empty", MINIMAL + "alerting: {}\n", Map.of()).alerting();

        assertThat(a.rules()).isEqualTo(Rules.defaults());
        assertThat(a.receivers()).isEmpty();
        assertThat(a.routes()).isEmpty();
        assertThat(a.silences()).isEmpty();
        assertThat(a.inhibitRules()).isEqualTo(InhibitRule.defaults());
        assertThat(a.evaluationInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(a.repeatInterval()).isEqualTo(Duration.ofHours(4));
        assertThat(a.blindAfter()).isEqualTo(Duration.ofMinutes(10));
        assertThat(a.grafana()).isEmpty();
        assertThat(a.apiToken()).isEmpty();
    }

    @Test
    void absentRulesMeanTheDefaultRuleSentToEveryReceiverWithDefaultRoutes() throws Exception {
        AlertingConfig a = ConfigLoader.load("defaults", MINIMAL + """
                alerting:
                  receivers:
                    - {name: am, type: alertmanager, url: "http://127.0.0.1:9093"}
                    - {name: hook, type: webhook, url: "https://hooks.example.com/x"}
                  inhibit_rules: []
                """, Map.of()).alerting();

        ThresholdRule rule = (ThresholdRule) a.rules().get(0);
        assertThat(a.rules()).hasSize(1);
        assertThat(rule.name()).isEqualTo(Rules.DEFAULT_AUTH_RULE);
        assertThat(rule.common().receivers()).containsExactly("am", "hook");
        assertThat(rule.common().withReceivers(List.of())).isEqualTo(Rules.defaults().get(0).common());
        assertThat(a.routes()).containsExactly(Route.defaults("am"), Route.defaults("hook"));
        assertThat(a.receivers()).containsExactly(
                new AlertmanagerReceiver("am", URI.create("http://127.0.0.1:9093")),
                new WebhookReceiver("hook", URI.create("https://hooks.example.com/x")));
        assertThat(a.inhibitRules()).as("an explicit empty list switches inhibition off").isEmpty();
    }

    @Test
    void fullAlertingSectionSetsEveryField() throws Exception {
        Instant before = Instant.now();
        AlertingConfig a = ConfigLoader.load(file, ENV).alerting();
        Instant after = Instant.now();

        assertThat(a.evaluationInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(a.repeatInterval()).isEqualTo(Duration.ofHours(2));
        assertThat(a.blindAfter()).isEqualTo(Duration.ofMinutes(15));
        assertThat(a.grafana()).contains(new GrafanaLink("https://grafana.example.com", "/d/acr-failures/acr-failures"));
        assertThat(a.apiToken().orElseThrow().reveal()).isEqualTo("api-token-from-file");

        assertThat(a.receivers()).hasSize(7);
        EmailReceiver mail = (EmailReceiver) a.receivers().get(0);
        assertThat(mail.name()).isEqualTo("oncall-email");
        assertThat(mail.sendResolved()).isFalse();
        assertThat(mail.host()).isEqualTo("smtp.example.com");
        assertThat(mail.port()).isEqualTo(2525);
        assertThat(mail.security()).isEqualTo(EmailReceiver.SmtpSecurity.SMTPS);
        assertThat(mail.username()).contains("acr-watch");
        assertThat(mail.password().orElseThrow().reveal()).isEqualTo("smtp-password-value");
        assertThat(mail.from()).isEqualTo("acr-watch@example.com");
        assertThat(mail.to()).containsExactly("sre@example.com", "oncall@example.com");
        assertThat(mail.cc()).containsExactly("lead@example.com");
        assertThat(mail.subjectTemplate()).isEqualTo("[{status}] {rule} on {registry}");
        assertThat(mail.mailProperties()).isEqualTo(Map.of("mail.smtp.ssl.trust", "smtp.example.com"));
        assertThat(mail.timeouts()).isEqualTo(new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(20)));

        SlackReceiver slack = (SlackReceiver) a.receivers().get(1);
        assertThat(slack.webhookUrl().reveal()).isEqualTo(ENV.get("SLACK_WEBHOOK_URL"));
        assertThat(slack.sendResolved()).isTrue();
        assertThat(slack.timeouts()).isEqualTo(Timeouts.DEFAULT);
        assertThat(((SlackReceiver) a.receivers().get(2)).webhookUrl().reveal())
                .isEqualTo("https://hooks.slack.com/services/T1/B1/slack-file-token");
        WebhookReceiver hook = (WebhookReceiver) a.receivers().get(3);
        assertThat(hook.url()).isEqualTo(URI.create("https://hooks.example.com/acr"));
        assertThat(hook.bearerToken().orElseThrow().reveal()).isEqualTo("hook-file-token-value");
        WebhookReceiver hookEnv = (WebhookReceiver) a.receivers().get(4);
        assertThat(hookEnv.url()).isEqualTo(URI.create("http://127.0.0.1:8080/acr"));
        assertThat(hookEnv.bearerToken().orElseThrow().reveal()).isEqualTo("hook-env-token-value");
        assertThat(a.receivers().get(5)).isEqualTo(new AlertmanagerReceiver("am", URI.create("http://alertmanager:9093")));
        EmailReceiver plain = (EmailReceiver) a.receivers().get(6);
        assertThat(plain.port()).as("default port for security none").isEqualTo(25);
        assertThat(plain.username()).isEmpty();
        assertThat(plain.password()).isEmpty();
        assertThat(plain.subjectTemplate()).isEqualTo(EmailReceiver.DEFAULT_SUBJECT);
        assertThat(plain.cc()).isEmpty();

        assertThat(a.routes()).containsExactly(
                new Route("oncall-email", List.of("rule", "registry", "class"), Duration.ofSeconds(10),
                        Duration.ofMinutes(2), false),
                Route.defaults("sre-slack"), Route.defaults("slack-file"), Route.defaults("hook"),
                Route.defaults("hook-env"), Route.defaults("am"), Route.defaults("plain-mail"));

        List<String> everyReceiver = List.of("oncall-email", "sre-slack", "slack-file", "hook", "hook-env", "am", "plain-mail");
        assertThat(a.rules()).containsExactly(
                new ThresholdRule(new RuleCommon("acr_login_auth_failures",
                        new RuleFilter(Set.of(LogTable.LOGIN), Set.of(FailureClass.UNAUTHORIZED, FailureClass.FORBIDDEN),
                                Set.of("contosoprod.azurecr.io"), Set.of(), Set.of("rejected_credentials", "none")),
                        List.of(Dimension.REGISTRY), Duration.ZERO, Severity.CRITICAL, Map.of("team", "platform"),
                        Map.of("summary", "Failed logins on {registry}"), List.of("oncall-email", "sre-slack"),
                        Duration.ofMinutes(5)), 11),
                new RatioRule(new RuleCommon("pull_failure_ratio",
                        new RuleFilter(Set.of(LogTable.REPOSITORY), Set.of(), Set.of(), Set.of("Pull"), Set.of()),
                        List.of(Dimension.REGISTRY, Dimension.OPERATION), Duration.ofMinutes(5), Severity.WARNING,
                        Map.of(), Map.of(), everyReceiver, Duration.ofMinutes(10)), 0.25, 50),
                new SpikeRule(new RuleCommon("throttling_spike", RuleFilter.classes(FailureClass.THROTTLED), List.of(),
                        Duration.ZERO, Severity.INFO, Map.of(), Map.of(), List.of("am"), Duration.ofMinutes(5)),
                        Duration.ofHours(1), 3.0, 20),
                new AbsenceRule(new RuleCommon("registry_silent",
                        new RuleFilter(Set.of(), Set.of(), Set.of("contosoprod.azurecr.io"), Set.of()),
                        List.of(Dimension.REGISTRY), Duration.ZERO, Severity.CRITICAL, Map.of(), Map.of(), List.of("hook"),
                        Duration.ofMinutes(15)), Duration.ofHours(12)));

        assertThat(a.silences()).hasSize(2);
        Silence dev = a.silences().get(0);
        assertThat(dev.id()).startsWith("config-");
        assertThat(dev.matchers()).containsExactly(LabelMatcher.eq("registry", "contosodev.azurecr.io"),
                LabelMatcher.re("class", "unauthorized|forbidden"));
        assertThat(dev.startsAt()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
        assertThat(dev.endsAt()).isEqualTo(Instant.parse("2026-11-29T23:00:00Z"));
        assertThat(dev.createdBy()).isEqualTo("jane");
        assertThat(dev.comment()).isEqualTo("dev registry migration");
        Silence open = a.silences().get(1);
        assertThat(open.startsAt()).as("starts_at defaults to now").isBetween(before, after);
        assertThat(open.endsAt()).isEqualTo(Instant.parse("2999-01-01T00:00:00Z"));
        assertThat(open.id()).isNotEqualTo(dev.id());

        assertThat(a.inhibitRules()).containsExactly(
                new InhibitRule("inhibit_rule_0", List.of(LabelMatcher.eq("class", "network_drop")),
                        List.of(LabelMatcher.re("class", "unauthorized|forbidden")), List.of("registry")),
                new InhibitRule("critical_holds_warning", List.of(LabelMatcher.eq("severity", "critical")),
                        List.of(LabelMatcher.eq("severity", "warning")), List.of("rule", "registry")));
    }

    @Test
    void configSilenceIdsAreStableAcrossLoads() throws Exception {
        List<String> first = ConfigLoader.load(file, ENV).alerting().silences().stream().map(Silence::id).toList();
        List<String> second = ConfigLoader.load(file, ENV).alerting().silences().stream().map(Silence::id).toList();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void anExpiredSilenceWithoutStartIsInertInsteadOfAnError() throws Exception {
        AlertingConfig a = ConfigLoader.load("old", MINIMAL + """
                alerting:
                  silences:
                    - {matchers: ["registry=a.azurecr.io"], ends_at: "2020-01-01T00:00:00Z", created_by: jane, comment: old}
                """, Map.of()).alerting();

        Silence s = a.silences().get(0);
        assertThat(s.startsAt()).isEqualTo(s.endsAt());
        assertThat(s.isActive(Instant.now())).isFalse();
    }

    @Test
    void emailPortDefaultsFollowTheSecurity() throws Exception {
        AlertingConfig a = ConfigLoader.load("ports", MINIMAL + """
                alerting:
                  receivers:
                    - {name: a, type: email, host: smtp.example.com, from: a@example.com, to: [b@example.com]}
                    - {name: b, type: email, host: smtp.example.com, security: smtps, from: a@example.com, to: [b@example.com]}
                """, Map.of()).alerting();

        EmailReceiver starttls = (EmailReceiver) a.receivers().get(0);
        assertThat(starttls.security()).isEqualTo(EmailReceiver.SmtpSecurity.STARTTLS);
        assertThat(starttls.port()).isEqualTo(587);
        assertThat(((EmailReceiver) a.receivers().get(1)).port()).isEqualTo(465);
    }

    @Test
    void secretsAreRedactedInEveryToString() throws Exception {
        AcrWatchConfig config = ConfigLoader.load(file, ENV);

        List<String> secrets = List.of("smtp-password-value", "slack-env-token", "slack-file-token",
                "hook-env-token-value", "hook-file-token-value", "api-token-from-file");
        AlertingConfig a = config.alerting();
        for (Object holder : List.of(config, a, a.receivers(), a.apiToken())) {
            assertThat(holder.toString()).doesNotContain(secrets);
        }
        assertThat(a.toString()).contains("apiToken=<redacted>");
        assertThat(a.receivers().get(0).toString()).contains("<redacted>");
    }

    @Test
    void apiTokenFromTheEnvironmentIsRedacted() throws Exception {
        AlertingConfig a = ConfigLoader.load("env", MINIMAL + "alerting: {api_token: \"${TOKEN}\"}\n",
                Map.of("TOKEN", "tok-from-env")).alerting();

        assertThat(a.apiToken().orElseThrow().reveal()).isEqualTo("tok-from-env");
        assertThat(a.toString()).doesNotContain("tok-from-env");
    }

    @Test
    void grafanaDashboardDefaultsToTheShippedOne() throws Exception {
        AlertingConfig a = ConfigLoader.load("grafana", MINIMAL + "alerting: {grafana: {url: \"http://localhost:3000\"}}\n",
                Map.of()).alerting();

        assertThat(a.grafana()).contains(new GrafanaLink("http://localhost:3000", "/d/acr-failures/acr-failures"));
        assertThat(a.rules()).isEqualTo(Rules.defaults());
    }
}
