package dev.acrwatch.source.loganalytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acrwatch.config.AuthConfig;
import dev.acrwatch.config.ExpectedCaller;
import dev.acrwatch.config.PollConfig;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.source.IngestionInterval;
import java.time.Duration;
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
    void callerIpsOfOneMinuteAndIdentityArePackedIntoOneRow() {
        String text = KqlTemplates.pollQuery(LogTable.LOGIN, workspace(List.of()), PollConfig.defaults(), INTERVAL).text();
        assertThat(text).endsWith("""
                | summarize Count = sum(Count), MaxIngestion = max(MaxIngestion),
                    DelaySumSec = sum(DelaySumSec), DelayMaxSec = max(DelayMaxSec),
                    Callers = make_list(pack_array(CallerIpAddress, Count), 1000)
                    by Minute, LoginServer, OperationName, ResultDescription, Identity""");
    }

    static WorkspaceConfig workspace(List<String> registries, List<ExpectedCaller> callers) {
        return new WorkspaceConfig("prod", "00000000-0000-0000-0000-000000000001", Optional.empty(),
                new AuthConfig.None(), registries, callers, List.of());
    }

    static ExpectedCaller caller(String registry, String name, List<String> cidrs, List<String> identities) {
        return new ExpectedCaller(registry, name, cidrs, identities, Duration.ofMinutes(15));
    }

    @Test
    void expectedCallersKeepDetailOnTheirSuccessRowsOfTheirRegistryOnly() {
        WorkspaceConfig ws = workspace(List.of("contosoprod.azurecr.io"), List.of(
                caller("contosoprod.azurecr.io", "aks", List.of("10.240.1.0/24"), List.of("aks-prod-agentpool2"))));

        String text = KqlTemplates.pollQuery(LogTable.LOGIN, ws, PollConfig.defaults(), INTERVAL).text();

        assertThat(text).contains("| extend KeepDetail = not(Status matches regex \"^[23][0-9][0-9]$\")\n"
                + "    or (LoginServer =~ \"contosoprod.azurecr.io\" and (ipv4_is_in_range(CallerIpAddress, \"10.240.1.0/24\")"
                + " or Identity in~ (\"aks-prod-agentpool2\")))\n"
                + "| extend DelaySec");
    }

    @Test
    void callersAreGroupedPerRegistryOneLineEachInFirstListedOrder() {
        WorkspaceConfig ws = workspace(List.of("b.azurecr.io", "a.azurecr.io"), List.of(
                caller("b.azurecr.io", "pool1", List.of("10.0.0.0/24", "10.1.0.0/16"), List.of()),
                caller("a.azurecr.io", "agents", List.of(), List.of("build-agent", "Deploy")),
                caller("b.azurecr.io", "pool2", List.of("192.168.0.0/16"), List.of("pool2-id"))));

        String text = KqlTemplates.pollQuery(LogTable.REPOSITORY, ws, PollConfig.defaults(), INTERVAL).text();

        assertThat(text).contains("| extend KeepDetail = not(Status matches regex \"^[23][0-9][0-9]$\")\n"
                + "    or (LoginServer =~ \"b.azurecr.io\" and (ipv4_is_in_range(CallerIpAddress, \"10.0.0.0/24\")"
                + " or ipv4_is_in_range(CallerIpAddress, \"10.1.0.0/16\")"
                + " or ipv4_is_in_range(CallerIpAddress, \"192.168.0.0/16\")"
                + " or Identity in~ (\"pool2-id\")))\n"
                + "    or (LoginServer =~ \"a.azurecr.io\" and (Identity in~ (\"build-agent\", \"Deploy\")))\n"
                + "| extend DelaySec");
    }

    @Test
    void identitiesWithQuotesAndBackslashesAreEscapedAndDeduplicatedIgnoringCase() {
        WorkspaceConfig ws = workspace(List.of("a.azurecr.io"), List.of(
                caller("a.azurecr.io", "one", List.of(), List.of("evil\") or true or (\"", "dom\\user")),
                caller("a.azurecr.io", "two", List.of(), List.of("DOM\\USER"))));

        String text = KqlTemplates.pollQuery(LogTable.LOGIN, ws, PollConfig.defaults(), INTERVAL).text();

        assertThat(text).contains("(Identity in~ (\"evil\\\") or true or (\\\"\", \"dom\\\\user\"))");
    }

    @Test
    void hostileCallerValuesAreRejectedNamingWorkspaceCallerAndField() {
        assertThatThrownBy(() -> KqlTemplates.pollQuery(LogTable.LOGIN, workspace(List.of("a.azurecr.io"), List.of(
                caller("a.azurecr.io", "pool", List.of("10.0.0.0/24\") or true //"), List.of()))),
                PollConfig.defaults(), INTERVAL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("workspace \"prod\" expected caller \"pool\" cidrs[0]: expected an IPv4 range like"
                        + " 10.240.1.0/24, found \"10.0.0.0/24\\\") or true //\"");
        assertThatThrownBy(() -> KqlTemplates.pollQuery(LogTable.LOGIN, workspace(List.of("a.azurecr.io"), List.of(
                caller("a.azurecr.io", "pool", List.of(), List.of("ok", "bad\u202e")))),
                PollConfig.defaults(), INTERVAL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("workspace \"prod\" expected caller \"pool\" identities[1]: KQL string: character U+202E"
                        + " at index 3 has no KQL escape");
        assertThatThrownBy(() -> KqlTemplates.pollQuery(LogTable.LOGIN, workspace(List.of(), List.of(
                caller("a.azurecr.io\" or true", "pool", List.of("10.0.0.0/8"), List.of()))),
                PollConfig.defaults(), INTERVAL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("workspace \"prod\" expected caller \"pool\" registry: expected a login server");
    }

    @Test
    void repositoryQueryAlsoGroupsByRepository() {
        String text = KqlTemplates.pollQuery(LogTable.REPOSITORY, workspace(List.of()), PollConfig.defaults(), INTERVAL).text();
        assertThat(text).contains("ContainerRegistryRepositoryEvents\n");
        assertThat(text).contains("Repository = iff(KeepDetail, tostring(Repository), \"\")");
        assertThat(text).contains("by Minute = bin(TimeGenerated, 1m), LoginServer = tostring(LoginServer)");
        assertThat(text).endsWith("by Minute, LoginServer, OperationName, ResultDescription, Identity, Repository");
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
        assertThatThrownBy(() -> KqlRenderer.render("keep-detail", Map.of(
                "expectedCallers", KqlRenderer.Value.EMPTY, "x", KqlRenderer.Value.string("y"))))
                .hasMessageContaining("never used: [x]");
    }
}
