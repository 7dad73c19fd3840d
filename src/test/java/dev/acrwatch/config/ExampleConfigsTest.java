package dev.acrwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.alert.InhibitRule;
import dev.acrwatch.alert.Route;
import dev.acrwatch.notify.EmailReceiver;
import dev.acrwatch.notify.Timeouts;
import dev.acrwatch.probe.ProbeConfig;
import dev.acrwatch.probe.ProbeTarget;
import dev.acrwatch.rule.Rules;
import dev.acrwatch.rule.ThresholdRule;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped example configs are what SREs copy: they must load as they are. */
class ExampleConfigsTest {

    private static final Path CONFIG_DIR = Path.of(System.getProperty("basedir", ".")).resolve("config");

    @Test
    void referenceExampleLoadsWithItsSecretFromTheEnvironment() throws Exception {
        AcrWatchConfig config = ConfigLoader.load(CONFIG_DIR.resolve("acr-watch.example.yaml"), Map.of(
                "ACR_WATCH_SP_SECRET", "example-secret",
                "ACR_WATCH_SMTP_PASSWORD", "smtp-secret",
                "ACR_WATCH_SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T/B/x",
                "ACR_WATCH_API_TOKEN", "api-secret"));

        assertThat(config.workspaces()).extracting(WorkspaceConfig::name).containsExactly("prod", "staging");
        assertThat(config.workspaces().get(0).registries()).hasSize(3);
        assertThat(config.workspaces().get(0).expectedCallers()).containsExactly(new ExpectedCaller(
                "contosoprod.azurecr.io", "aks-prod-pool2", List.of("10.240.1.0/24"), List.of("aks-prod-agentpool2"),
                java.time.Duration.ofMinutes(15)));
        assertThat(config.workspaces().get(0).privateEndpointRegistries()).isEmpty();
        assertThat(config.probes()).contains(ProbeConfig.defaults(config.workspaces().get(0).registries().stream()
                .map(r -> ProbeTarget.of(r, false)).toList()));
        assertThat(((AuthConfig.ClientSecret) config.workspaces().get(0).auth()).secret().reveal()).isEqualTo("example-secret");
        // the reference shows every default: the values it sets must be the defaults it documents
        assertThat(config.poll()).isEqualTo(PollConfig.defaults());
        assertThat(config.metrics()).isEqualTo(MetricsConfig.defaults());
        assertThat(config.logging()).isEqualTo(LoggingConfig.defaults());
        AlertingConfig alerting = config.alerting();
        AlertingConfig none = AlertingConfig.none();
        assertThat(alerting.evaluationInterval()).isEqualTo(none.evaluationInterval());
        assertThat(alerting.repeatInterval()).isEqualTo(none.repeatInterval());
        assertThat(alerting.blindAfter()).isEqualTo(none.blindAfter());
        assertThat(alerting.inhibitRules()).isEqualTo(InhibitRule.defaults());
        assertThat(alerting.routes()).containsExactly(Route.defaults("oncall-email"), Route.defaults("sre-slack"));
        assertThat(alerting.rules()).singleElement().satisfies(rule -> {
            assertThat(rule.common().receivers()).containsExactly("oncall-email", "sre-slack");
            assertThat(rule.common().withReceivers(List.of())).as("the rule shown is the shipped default")
                    .isEqualTo(Rules.defaults().get(0).common());
            assertThat(((ThresholdRule) rule).threshold()).isEqualTo(((ThresholdRule) Rules.defaults().get(0)).threshold());
        });
        EmailReceiver mail = (EmailReceiver) alerting.receivers().get(0);
        assertThat(mail.subjectTemplate()).isEqualTo(EmailReceiver.DEFAULT_SUBJECT);
        assertThat(mail.timeouts()).isEqualTo(Timeouts.DEFAULT);
        assertThat(mail.password().orElseThrow().reveal()).isEqualTo("smtp-secret");
        assertThat(alerting.apiToken().orElseThrow().reveal()).isEqualTo("api-secret");
    }

    @Test
    void minimalExampleLoadsWithNoEnvironment() throws Exception {
        AcrWatchConfig config = ConfigLoader.load(CONFIG_DIR.resolve("minimal.yaml"), Map.of());

        assertThat(config.workspaces()).singleElement()
                .satisfies(ws -> assertThat(ws.auth()).isEqualTo(new AuthConfig.DefaultChain()));
    }
}
