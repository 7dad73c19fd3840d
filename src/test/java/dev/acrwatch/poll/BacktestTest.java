package dev.acrwatch.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.alert.AlertStatus;
import dev.acrwatch.config.AlertingConfig;
import dev.acrwatch.config.ConfigLoader;
import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.LogTable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BacktestTest {

    private static final Map<String, String> LABELS = Map.of("registry", "contoso.azurecr.io", "class", "unauthorized",
            "severity", "critical", "workspace", "prod");
    private static final String REG = "contoso.azurecr.io";

    static AlertingConfig config(String silences) throws Exception {
        return ConfigLoader.load("backtest.yaml", """
                workspaces:
                  - {name: prod, id: 11111111-2222-3333-4444-555555555555}
                alerting:
                  receivers:
                    - {name: slack, type: slack, url: "http://127.0.0.1:9/hook", group_wait: 0s, group_interval: 1m}
                  rules:
                    - name: auth_failures
                      type: threshold
                      filter: {tables: [login], classes: [unauthorized]}
                      window: 5m
                      threshold: 11
                      group_by: [registry]
                      severity: critical
                      receivers: [slack]
                %s
                """.formatted(silences), Map.of()).alerting();
    }

    private static EventCount login(String at, String status, long count) {
        Instant t = Instant.parse(at);
        return new EventCount(LogTable.LOGIN, t, REG, "Login", status, "sp-ci", "20.42.5.10", "", count, t, 0, 0);
    }

    @Test
    void aBurstOfRejectedLoginsFiresOnceAndResolvesWhenItLeavesTheWindow() throws Exception {
        Backtest backtest = new Backtest(config(""), "prod");
        // Out of order on purpose: exports are not always sorted.
        backtest.accept(login("2026-11-23T10:12:00Z", "200", 1));
        backtest.accept(login("2026-11-23T10:03:00Z", "401", 8));
        backtest.accept(login("2026-11-23T10:00:00Z", "200", 50));
        backtest.accept(login("2026-11-23T10:04:00Z", "401", 7));

        BacktestResult r = backtest.run();

        assertThat(r.timeline()).containsExactly(
                new BacktestResult.Entry(Instant.parse("2026-11-23T10:05:00Z"), "auth_failures",
                        LABELS, AlertStatus.FIRING,
                        15, 11, List.of("slack")),
                new BacktestResult.Entry(Instant.parse("2026-11-23T10:09:00Z"), "auth_failures",
                        LABELS, AlertStatus.RESOLVED,
                        7, 11, List.of("slack")));
        assertThat(r.rows()).isEqualTo(4);
        assertThat(r.events()).isEqualTo(66);
        assertThat(r.summary()).containsExactly(
                new BacktestResult.SummaryRow(REG, "ok", 51, 0),
                new BacktestResult.SummaryRow(REG, "unauthorized", 15, 1));
    }

    @Test
    void aConfiguredSilenceKeepsTheBurstFromBeingSent() throws Exception {
        Backtest backtest = new Backtest(config("""
                  silences:
                    - matchers: ["registry=contoso.azurecr.io"]
                      starts_at: 2026-11-23T00:00:00Z
                      ends_at: 2026-11-24T00:00:00Z
                      created_by: jane
                      comment: migration
                """), "prod");
        backtest.accept(login("2026-11-23T10:03:00Z", "401", 30));

        BacktestResult r = backtest.run();

        assertThat(r.timeline()).isEmpty();
        assertThat(r.summary()).containsExactly(new BacktestResult.SummaryRow(REG, "unauthorized", 30, 0));
    }

    @Test
    void noRowsMeansNoTimeline() throws Exception {
        BacktestResult r = new Backtest(config(""), "prod").run();

        assertThat(r.timeline()).isEmpty();
        assertThat(r.summary()).isEmpty();
    }

    static dev.acrwatch.config.AcrWatchConfig callerConfig() throws Exception {
        return ConfigLoader.load("backtest.yaml", """
                workspaces:
                  - name: prod
                    id: 11111111-2222-3333-4444-555555555555
                    registries:
                      - login_server: contoso.azurecr.io
                        expected_callers:
                          - {name: aks-pool2, cidrs: [10.240.1.0/24], max_silence: 5m}
                alerting:
                  receivers:
                    - {name: slack, type: slack, url: "http://127.0.0.1:9/hook", group_wait: 0s, group_interval: 1m}
                  rules: []
                """, Map.of());
    }

    private static EventCount from(String at, String identity, String ip, long count) {
        Instant t = Instant.parse(at);
        return new EventCount(LogTable.LOGIN, t, REG, "Login", "200", identity, ip, "", count, t, 0, 0);
    }

    @Test
    void anExpectedCallerThatFallsSilentFiresNetworkDropAndResolvesWhenItReturns() throws Exception {
        dev.acrwatch.config.AcrWatchConfig cfg = callerConfig();
        Backtest backtest = Backtest.of(cfg.alerting(), cfg.workspaces().get(0));
        Instant start = Instant.parse("2026-11-23T10:00:00Z");
        for (int m = 0; m <= 30; m++) {
            String at = start.plusSeconds(60L * m).toString();
            backtest.accept(from(at, "sp-ci", "20.42.5.10", 5));
            if (m < 10 || m >= 20) {
                // Successful pulls of the node pool: the rows keep their caller detail because it is expected.
                backtest.accept(from(at, "aks-prod-agentpool2", "10.240.1.7", 3));
            }
        }

        BacktestResult r = backtest.run();

        Map<String, String> labels = Map.of("caller", "aks-pool2", "class", "network_drop", "reason", "caller_silent",
                "registry", REG, "severity", "critical", "workspace", "prod");
        assertThat(r.timeline()).containsExactly(
                new BacktestResult.Entry(Instant.parse("2026-11-23T10:15:00Z"), "acrwatch_expected_caller", labels,
                        AlertStatus.FIRING, 300, 300, List.of("slack")),
                new BacktestResult.Entry(Instant.parse("2026-11-23T10:21:00Z"), "acrwatch_expected_caller", labels,
                        AlertStatus.RESOLVED, 0, 300, List.of("slack")));
        assertThat(r.stillOpen()).isEmpty();
        assertThat(r.summary()).contains(new BacktestResult.SummaryRow(REG, "network_drop", 0, 1));
    }

    @Test
    void aCallerThatNeverCameBackIsStillFiringAtTheEndOfTheData() throws Exception {
        dev.acrwatch.config.AcrWatchConfig cfg = callerConfig();
        Backtest backtest = Backtest.of(cfg.alerting(), cfg.workspaces().get(0));
        Instant start = Instant.parse("2026-11-23T10:00:00Z");
        for (int m = 0; m <= 20; m++) {
            String at = start.plusSeconds(60L * m).toString();
            backtest.accept(from(at, "sp-ci", "20.42.5.10", 5));
            if (m < 10) {
                backtest.accept(from(at, "aks-prod-agentpool2", "10.240.1.7", 3));
            }
        }

        BacktestResult r = backtest.run();

        assertThat(r.timeline()).extracting(BacktestResult.Entry::status).containsExactly(AlertStatus.FIRING);
        assertThat(r.endOfData()).contains(Instant.parse("2026-11-23T10:21:00Z"));
        assertThat(r.stillOpen()).containsExactly(new BacktestResult.Open("acrwatch_expected_caller",
                Map.of("caller", "aks-pool2", "class", "network_drop", "reason", "caller_silent", "registry", REG,
                        "severity", "critical", "workspace", "prod"),
                true, Instant.parse("2026-11-23T10:15:00Z"), java.util.Optional.of(300.0),
                java.util.Optional.of(300.0), true));
    }

    @Test
    void aBurstAtTheEndOfTheDataIsReportedStillFiringAndNeverResolved() throws Exception {
        Backtest backtest = new Backtest(config(""), "prod");
        backtest.accept(login("2026-11-23T10:00:00Z", "200", 50));
        backtest.accept(login("2026-11-23T10:03:00Z", "401", 30));

        BacktestResult r = backtest.run();

        assertThat(r.timeline()).containsExactly(new BacktestResult.Entry(Instant.parse("2026-11-23T10:04:00Z"),
                "auth_failures", LABELS, AlertStatus.FIRING, 30, 11, List.of("slack")));
        assertThat(r.notifications()).hasSize(1);
        assertThat(r.stillOpen()).containsExactly(new BacktestResult.Open("auth_failures", LABELS, true,
                Instant.parse("2026-11-23T10:04:00Z"), java.util.Optional.of(30.0), java.util.Optional.of(11.0), true));
    }

    @Test
    void aSilencedAlertStillFiringAtTheEndSaysItWasNeverNotified() throws Exception {
        Backtest backtest = new Backtest(config("""
                  silences:
                    - matchers: ["registry=contoso.azurecr.io"]
                      starts_at: 2026-11-23T00:00:00Z
                      ends_at: 2026-11-24T00:00:00Z
                      created_by: jane
                      comment: migration
                """), "prod");
        backtest.accept(login("2026-11-23T10:03:00Z", "401", 30));

        BacktestResult r = backtest.run();

        assertThat(r.timeline()).isEmpty();
        assertThat(r.stillOpen()).singleElement().satisfies(o -> {
            assertThat(o.firing()).isTrue();
            assertThat(o.notified()).isFalse();
            assertThat(o.value()).isEmpty();
            assertThat(o.labels()).containsEntry("registry", REG);
        });
    }

    @Test
    void dataKnownToCoverAnIntervalIsReplayedToItsEndSoTheBurstResolves() throws Exception {
        Backtest backtest = new Backtest(config(""), "prod");
        backtest.coverUntil(Instant.parse("2026-11-23T10:30:00Z"));
        backtest.accept(login("2026-11-23T10:00:00Z", "200", 50));
        backtest.accept(login("2026-11-23T10:03:00Z", "401", 30));

        BacktestResult r = backtest.run();

        assertThat(r.timeline()).extracting(BacktestResult.Entry::at, BacktestResult.Entry::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Instant.parse("2026-11-23T10:04:00Z"), AlertStatus.FIRING),
                // The window of 10:09 is 10:04 to 10:08: the burst has left it.
                org.assertj.core.groups.Tuple.tuple(Instant.parse("2026-11-23T10:09:00Z"), AlertStatus.RESOLVED));
        assertThat(r.stillOpen()).isEmpty();
        assertThat(r.endOfData()).contains(Instant.parse("2026-11-23T10:30:00Z"));
    }
}
