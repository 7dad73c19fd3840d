package dev.acrwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckConfigCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        CommandLine cmd = new CommandLine(new CheckConfigCommand(env));
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }

    @Test
    void validConfigPrintsASummaryAndExitsZero() throws Exception {
        Path file = Files.writeString(dir.resolve("acr-watch.yaml"), """
                workspaces:
                  - name: prod
                    id: 11111111-2222-3333-4444-555555555555
                    registries: [a.azurecr.io, b.azurecr.io, c.azurecr.io]
                  - name: staging
                    id: 11111111-2222-3333-4444-666666666666
                """);

        int code = run(Map.of(), "--config", file.toString());

        assertThat(code).isZero();
        assertThat(out.toString()).isEqualTo("config OK: 2 workspaces (prod: 3 registries, staging: all registries), "
                + "poll every 1m, metrics on 0.0.0.0:9464/metrics" + System.lineSeparator());
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void summaryCountsExpectedCallersAndProbedRegistries() throws Exception {
        Path file = Files.writeString(dir.resolve("acr-watch.yaml"), """
                workspaces:
                  - name: prod
                    id: 11111111-2222-3333-4444-555555555555
                    registries:
                      - a.azurecr.io
                      - login_server: b.azurecr.io
                        expect_private_endpoint: true
                        expected_callers:
                          - {name: aks, cidrs: [10.240.1.0/24]}
                          - {name: ci, identities: [build-agent]}
                  - name: staging
                    id: 11111111-2222-3333-4444-666666666666
                    registries: [a.azurecr.io]
                probes: {interval: 2m}
                """);

        int code = run(Map.of(), "--config", file.toString());

        assertThat(code).isZero();
        assertThat(out.toString().strip()).isEqualTo("config OK: 2 workspaces (prod: 2 registries with 2 expected callers, "
                + "staging: 1 registry), poll every 1m, metrics on 0.0.0.0:9464/metrics, "
                + "probes every 2m for 2 registries (1 expecting a private endpoint)");
    }

    @Test
    void summaryNamesCronTlsAndBasicAuth() throws Exception {
        Files.writeString(dir.resolve("c.pem"), "c");
        Files.writeString(dir.resolve("k.pem"), "k");
        Path file = Files.writeString(dir.resolve("acr-watch.yaml"), """
                workspaces:
                  - name: prod
                    id: 11111111-2222-3333-4444-555555555555
                    registries: [a.azurecr.io]
                poll: {cron: "0 0/5 * * * ?"}
                metrics:
                  address: "::1"
                  port: 9100
                  tls: {cert_file: c.pem, key_file: k.pem}
                  basic_auth: {username: p, password: "${PW}"}
                """);

        int code = run(Map.of("PW", "pw"), "--config", file.toString());

        assertThat(code).isZero();
        assertThat(out.toString().strip()).isEqualTo("config OK: 1 workspace (prod: 1 registry), poll on cron \"0 0/5 * * * ?\", "
                + "metrics on https://[::1]:9100/metrics (basic auth)");
    }

    @Test
    void invalidConfigPrintsEveryProblemToStderrAndExitsOne() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), """
                workspaces:
                  - name: prod
                    id: abc
                    auth: {type: client_secret, tenant_id: t.example, client_id: 11111111-2222-3333-4444-555555555555, client_secret: "${SP}"}
                poll: {interval: 5 minutes}
                """);

        int code = run(Map.of(), "--config", file.toString());

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines()).containsExactly(
                file + ": 3 problem(s):",
                "  workspaces[0].id: expected a GUID, found \"abc\"",
                "  workspaces[0].auth.client_secret: environment variable SP is not set (give it a value or write ${SP:-default})",
                "  poll.interval: expected a duration like 60s or 5m, found \"5 minutes\"");
    }

    @Test
    void summaryCountsRulesReceiversAndSilences() throws Exception {
        Path file = Files.writeString(dir.resolve("acr-watch.yaml"), """
                workspaces:
                  - name: prod
                    id: 11111111-2222-3333-4444-555555555555
                alerting:
                  receivers:
                    - {name: sre-slack, type: slack, url: "${SLACK_URL}"}
                    - {name: am, type: alertmanager, url: "http://127.0.0.1:9093"}
                  silences:
                    - {matchers: ["registry=a.azurecr.io"], ends_at: "2999-01-01T00:00:00Z", created_by: jane, comment: x}
                """);

        int code = run(Map.of("SLACK_URL", "https://hooks.slack.com/services/T/B/slack-token"), "--config", file.toString());

        assertThat(code).isZero();
        assertThat(out.toString().strip()).isEqualTo("config OK: 1 workspace (prod: all registries), poll every 1m, "
                + "metrics on 0.0.0.0:9464/metrics, alerting: 1 rule to 2 receivers (sre-slack: slack, am: alertmanager),"
                + " 1 silence");
    }

    @Test
    void missingConfigOptionIsAUsageError() {
        int code = run(Map.of());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--config=FILE'");
    }
}
