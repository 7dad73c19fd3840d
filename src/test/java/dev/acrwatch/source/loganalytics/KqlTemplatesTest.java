package dev.acrwatch.source.loganalytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acrwatch.config.AuthConfig;
import dev.acrwatch.config.PollConfig;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.source.IngestionInterval;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KqlTemplatesTest {

    static final IngestionInterval INTERVAL =
            new IngestionInterval(Instant.parse("2026-11-23T21:00:00Z"), Instant.parse("2026-11-23T21:01:00Z"));

    static WorkspaceConfig workspace(List<String> registries) {
        return new WorkspaceConfig("prod", "00000000-0000-0000-0000-000000000001", Optional.empty(),
                new AuthConfig.None(), registries);
    }

    @Test
    void loginQueryBindsIngestionBoundsAndTimeGeneratedLowerBound() {
        KqlTemplates.PollQuery q = KqlTemplates.pollQuery(LogTable.LOGIN, workspace(List.of()),
                PollConfig.defaults(), INTERVAL);

        assertThat(q.text()).startsWith("let lo = datetime(2026-11-23T21:00:00.0000000Z);\n"
                + "let hi = datetime(2026-11-23T21:01:00.0000000Z);\n"
                + "let tgLo = datetime(2026-11-21T21:00:00.0000000Z);\n"
                + "ContainerRegistryLoginEvents\n");
        assertThat(q.text()).contains("| where ingestion_time() > lo and ingestion_time() <= hi\n");
        assertThat(q.text()).contains("| where TimeGenerated >= tgLo and TimeGenerated <= hi\n");
        assertThat(q.timespanStart()).isEqualTo(Instant.parse("2026-11-21T21:00:00Z"));
        assertThat(q.timespanEnd()).isEqualTo(INTERVAL.toInclusive());
    }

    @Test
    void withoutRegistriesThereIsNoFilterAndNoBlankLine() {
        String text = KqlTemplates.pollQuery(LogTable.LOGIN, workspace(List.of()), PollConfig.defaults(), INTERVAL).text();
        assertThat(text).doesNotContain("LoginServer in~").doesNotContain("\n\n").doesNotContain("{{");
    }

    @Test
    void registriesBecomeACaseInsensitiveInFilter() {
        String text = KqlTemplates.pollQuery(LogTable.LOGIN, workspace(List.of("A.azurecr.io", "b.azurecr.io")),
                PollConfig.defaults(), INTERVAL).text();
        assertThat(text).contains("\n| where LoginServer in~ (\"a.azurecr.io\", \"b.azurecr.io\")\n");
    }

    @Test
    void failureDetailIsKeptOnlyWhenTheKeepDetailPredicateHolds() {
        String text = KqlTemplates.pollQuery(LogTable.LOGIN, workspace(List.of()), PollConfig.defaults(), INTERVAL).text();
        assertThat(text).contains("| extend KeepDetail = not(Status matches regex \"^[23][0-9][0-9]$\")\n");
        assertThat(text).contains("Identity = iff(KeepDetail, tostring(Identity), \"\")");
        assertThat(text).contains("CallerIpAddress = iff(KeepDetail, tostring(CallerIpAddress), \"\")");
        assertThat(text).doesNotContain("Repository");
    }

    @Test
    void repositoryQueryAlsoGroupsByRepository() {
        String text = KqlTemplates.pollQuery(LogTable.REPOSITORY, workspace(List.of()), PollConfig.defaults(), INTERVAL).text();
        assertThat(text).contains("ContainerRegistryRepositoryEvents\n");
        assertThat(text).contains("Repository = iff(KeepDetail, tostring(Repository), \"\")");
        assertThat(text).contains("by Minute = bin(TimeGenerated, 1m), LoginServer = tostring(LoginServer)");
    }

    @Test
    void hostileRegistryIsRejectedBeforeAnythingIsRendered() {
        assertThatThrownBy(() -> KqlTemplates.pollQuery(LogTable.LOGIN,
                workspace(List.of("ok.azurecr.io", "x.azurecr.io\") | take 1 //")), PollConfig.defaults(), INTERVAL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("workspace \"prod\" registries[1]: expected a login server like myregistry.azurecr.io,"
                        + " found \"x.azurecr.io\\\") | take 1 //\"");
    }

    @Test
    void rendererRefusesUnboundPlaceholdersAndUnusedBindings() {
        assertThatThrownBy(() -> KqlRenderer.render("registry-filter", Map.of()))
                .hasMessageContaining("{{registries}} is not bound");
        assertThatThrownBy(() -> KqlRenderer.render("keep-detail", Map.of("x", KqlRenderer.Value.string("y"))))
                .hasMessageContaining("never used: [x]");
    }
}
