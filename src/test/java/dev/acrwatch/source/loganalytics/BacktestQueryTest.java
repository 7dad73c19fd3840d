package dev.acrwatch.source.loganalytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acrwatch.config.AuthConfig;
import dev.acrwatch.config.ExpectedCaller;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.source.IngestionInterval;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The backtest's query: a past interval by TimeGenerated, with the daemon's columns and caller detail. */
class BacktestQueryTest {

    static final IngestionInterval HOUR =
            new IngestionInterval(Instant.parse("2026-11-23T10:00:00Z"), Instant.parse("2026-11-23T11:00:00Z"));

    static WorkspaceConfig workspace(List<String> registries, List<ExpectedCaller> callers) {
        return new WorkspaceConfig("prod", "00000000-0000-0000-0000-000000000001", Optional.empty(),
                new AuthConfig.None(), registries, callers, List.of());
    }

    @Test
    void theLoginQuerySelectsTimeGeneratedFromInclusiveToExclusiveAndNotIngestionTime() {
        KqlTemplates.PollQuery q = KqlTemplates.backtestQuery(LogTable.LOGIN,
                workspace(List.of("Contoso.azurecr.io"), List.of()), HOUR);

        assertThat(q.text()).isEqualTo("""
                let lo = datetime(2026-11-23T10:00:00.0000000Z);
                let hi = datetime(2026-11-23T11:00:00.0000000Z);
                ContainerRegistryLoginEvents
                // A backtest reads a past interval as it happened: by TimeGenerated, [lo, hi), whenever it was ingested.
                | where TimeGenerated >= lo and TimeGenerated < hi
                | where LoginServer in~ ("contoso.azurecr.io")
                | extend Ingested = ingestion_time(), Status = tostring(ResultDescription)
                | extend KeepDetail = not(Status matches regex "^[23][0-9][0-9]$")
                | extend DelaySec = (Ingested - TimeGenerated) / 1s
                | summarize Count = count(), MaxIngestion = max(Ingested),
                    DelaySumSec = sum(DelaySec), DelayMaxSec = max(DelaySec)
                    by Minute = bin(TimeGenerated, 1m), LoginServer = tostring(LoginServer),
                    OperationName = tostring(OperationName), ResultDescription = Status,
                    Identity = iff(KeepDetail, tostring(Identity), ""),
                    CallerIpAddress = iff(KeepDetail, tostring(CallerIpAddress), "")
                // Then one row per minute and identity with its caller IPs packed as [ip, count] pairs: a storm from many
                // IPs costs one row, not one per IP. Count stays the row's total, also when the list is capped.
                | summarize Count = sum(Count), MaxIngestion = max(MaxIngestion),
                    DelaySumSec = sum(DelaySumSec), DelayMaxSec = max(DelayMaxSec),
                    Callers = make_list(pack_array(CallerIpAddress, Count), 1000)
                    by Minute, LoginServer, OperationName, ResultDescription, Identity""");
        assertThat(q.timespanStart()).isEqualTo(HOUR.fromExclusive());
        assertThat(q.timespanEnd()).isEqualTo(HOUR.toInclusive());
    }

    @Test
    void expectedCallersKeepTheirDetailSoTheReplayCanSeeThem() {
        String text = KqlTemplates.backtestQuery(LogTable.REPOSITORY, workspace(List.of("contoso.azurecr.io"),
                List.of(new ExpectedCaller("contoso.azurecr.io", "aks", List.of("10.240.1.0/24"),
                        List.of("evil\" or true or (\""), Duration.ofMinutes(15)))), HOUR).text();

        assertThat(text).contains("ContainerRegistryRepositoryEvents\n")
                .contains("or (LoginServer =~ \"contoso.azurecr.io\"")
                .contains("\"evil\\\" or true or (\\\"\"")
                .contains("Repository = iff(KeepDetail, tostring(Repository), \"\")");
    }

    @Test
    void aHostileRegistryIsRejectedBeforeAnythingIsRendered() {
        assertThatThrownBy(() -> KqlTemplates.backtestQuery(LogTable.LOGIN,
                workspace(List.of("x.azurecr.io\") | take 1 //"), List.of()), HOUR))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("workspace \"prod\" registries[0]: expected a login server");
    }
}
