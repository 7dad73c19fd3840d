package dev.acrwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BacktestCommandTest {

    static final String CONFIG = """
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
            """;

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = new CommandLine(new BacktestCommand(Map.of()));
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }

    private Path write(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private Path events() throws Exception {
        return write("events.csv", """
                TimeGenerated [UTC],LoginServer,OperationName,ResultDescription,Identity,count_
                "11/23/2026, 10:03:00.000 AM",contoso.azurecr.io,Login,401,sp-ci,8
                "11/23/2026, 10:04:10.000 AM",contoso.azurecr.io,Login,401,sp-ci,7
                "11/23/2026, 10:04:20.000 AM",contoso.azurecr.io,Login,401,sp-ci,oops
                "11/23/2026, 10:09:00.000 AM",contoso.azurecr.io,Login,200,sp-ci,40
                """);
    }

    @Test
    void printsTheTimelineThenTheSummaryAndReportsTheSkippedRow() throws Exception {
        int code = run("--config", write("c.yaml", CONFIG).toString(), "--events", events().toString());

        assertThat(code).isZero();
        assertThat(out.toString()).isEqualTo(String.join("\n",
                "timeline (2 notifications)",
                "2026-11-23T10:05:00Z  FIRING    auth_failures  {class=unauthorized,registry=contoso.azurecr.io,"
                        + "severity=critical,workspace=prod}  value 15 vs threshold 11  -> slack",
                "2026-11-23T10:09:00Z  RESOLVED  auth_failures  {class=unauthorized,registry=contoso.azurecr.io,"
                        + "severity=critical,workspace=prod}  value 7 vs threshold 11  -> slack",
                "",
                "summary: 3 rows, 55 events, 1 rows skipped",
                String.format("%-40s %-14s %12s %13s", "REGISTRY", "CLASS", "EVENTS", "ALERTS FIRED"),
                String.format("%-40s %-14s %12d %13d", "contoso.azurecr.io", "ok", 40, 0),
                String.format("%-40s %-14s %12d %13d", "contoso.azurecr.io", "unauthorized", 15, 1),
                ""));
        assertThat(err.toString()).contains("events.csv:4: count_: expected a whole number >= 0, found \"oops\"");
    }

    @Test
    void jsonOutputCarriesTheSameTimelineAndSummary() throws Exception {
        int code = run("--config", write("c.yaml", CONFIG).toString(), "--events", events().toString(),
                "--format", "json");

        assertThat(code).isZero();
        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertThat(root.get("timeline")).hasSize(2);
        assertThat(root.at("/timeline/0/status").asText()).isEqualTo("firing");
        assertThat(root.at("/timeline/0/value").asDouble()).isEqualTo(15);
        assertThat(root.at("/timeline/1/at").asText()).isEqualTo("2026-11-23T10:09:00Z");
        assertThat(root.at("/summary/1/alerts_fired").asLong()).isEqualTo(1);
        assertThat(root.get("skipped").asLong()).isEqualTo(1);
    }

    @Test
    void anInvalidConfigExitsOne() throws Exception {
        int code = run("--config", write("c.yaml", "workspaces: []\nbogus: 1\n").toString(),
                "--events", events().toString());

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anInputThatCannotBeReadExitsThreeAndNamesIt() throws Exception {
        Path missing = tmp.resolve("missing.csv");
        int code = run("--config", write("c.yaml", CONFIG).toString(), "--events", events().toString(),
                missing.toString());

        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).contains("missing.csv: cannot be read: no such file");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void theInputFormatCanBeForced() throws Exception {
        Path json = write("export.txt", "[{\"TimeGenerated\": \"2026-11-23T10:03:00Z\", \"ResultDescription\": \"401\","
                + " \"LoginServer\": \"contoso.azurecr.io\", \"count_\": 20}]");
        int code = run("--config", write("c.yaml", CONFIG).toString(), "--events", json.toString(),
                "--input-format", "portal-json");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("FIRING    auth_failures").contains("value 20 vs threshold 11");
    }

    static final String CALLER_CONFIG = """
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
            """;

    static Path fixture(String name) throws Exception {
        return Path.of(BacktestCommandTest.class.getResource("/backtest/" + name).toURI());
    }

    @Test
    void anExpectedCallerMissingFromThePortalExportFiresNetworkDropThenResolves() throws Exception {
        int code = run("--config", write("c.yaml", CALLER_CONFIG).toString(),
                "--events", fixture("caller-silent.csv").toString());

        assertThat(code).isZero();
        String group = "{caller=aks-pool2,class=network_drop,reason=caller_silent,registry=contoso.azurecr.io,"
                + "severity=critical,workspace=prod}";
        assertThat(out.toString()).startsWith(String.join("\n",
                "timeline (2 notifications)",
                "2026-11-23T10:15:00Z  FIRING    acrwatch_expected_caller  " + group
                        + "  value 300 vs threshold 300  -> slack",
                "2026-11-23T10:21:00Z  RESOLVED  acrwatch_expected_caller  " + group
                        + "  value 0 vs threshold 300  -> slack",
                "",
                "summary: 52 rows, 218 events, 0 rows skipped",
                ""));
    }

    @Test
    void anAlertStillFiringWhenTheDataEndsIsListedNotResolved() throws Exception {
        Path events = write("burst.csv", """
                TimeGenerated [UTC],LoginServer,OperationName,ResultDescription,Identity,count_
                "11/23/2026, 10:00:00.000 AM",contoso.azurecr.io,Login,200,sp-ci,40
                "11/23/2026, 10:03:00.000 AM",contoso.azurecr.io,Login,401,sp-ci,30
                """);
        int code = run("--config", write("c.yaml", CONFIG).toString(), "--events", events.toString());

        assertThat(code).isZero();
        String group = "{class=unauthorized,registry=contoso.azurecr.io,severity=critical,workspace=prod}";
        assertThat(out.toString()).startsWith(String.join("\n",
                "timeline (1 notifications)",
                "2026-11-23T10:04:00Z  FIRING    auth_failures  " + group + "  value 30 vs threshold 11  -> slack",
                "",
                "still open at end of data 2026-11-23T10:04:00Z (1 alerts; never resolved, because the data ends)",
                "since 2026-11-23T10:04:00Z  FIRING    auth_failures  " + group + "  value 30 vs threshold 11",
                "",
                "summary: 2 rows, 70 events, 0 rows skipped",
                ""));
        out.getBuffer().setLength(0);

        run("--config", write("c.yaml", CONFIG).toString(), "--events", events.toString(), "--format", "json");

        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertThat(root.get("end_of_data").asText()).isEqualTo("2026-11-23T10:04:00Z");
        assertThat(root.at("/still_open/0/rule").asText()).isEqualTo("auth_failures");
        assertThat(root.at("/still_open/0/state").asText()).isEqualTo("firing");
        assertThat(root.at("/still_open/0/since").asText()).isEqualTo("2026-11-23T10:04:00Z");
        assertThat(root.at("/still_open/0/notified").asBoolean()).isTrue();
    }
}
