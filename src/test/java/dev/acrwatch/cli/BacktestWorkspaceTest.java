package dev.acrwatch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.acrwatch.poll.BacktestSender;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** backtest --workspace against WireMock speaking the Log Analytics query API on loopback. */
class BacktestWorkspaceTest {

    static final String ID = "11111111-2222-3333-4444-555555555555";
    static final String QUERY_PATH = "/v1/workspaces/" + ID + "/query";
    static final String LOGIN_COLUMNS = "{\"name\":\"Minute\",\"type\":\"datetime\"},"
            + "{\"name\":\"LoginServer\",\"type\":\"string\"},{\"name\":\"OperationName\",\"type\":\"string\"},"
            + "{\"name\":\"ResultDescription\",\"type\":\"string\"},{\"name\":\"Identity\",\"type\":\"string\"},"
            + "{\"name\":\"Count\",\"type\":\"long\"},"
            + "{\"name\":\"MaxIngestion\",\"type\":\"datetime\"},{\"name\":\"DelaySumSec\",\"type\":\"real\"},"
            + "{\"name\":\"DelayMaxSec\",\"type\":\"real\"},{\"name\":\"Callers\",\"type\":\"dynamic\"}";
    static final String REPOSITORY_COLUMNS = LOGIN_COLUMNS + ",{\"name\":\"Repository\",\"type\":\"string\"}";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(options().bindAddress("127.0.0.1").dynamicPort()).build();

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<Duration> slept = new ArrayList<>();

    static String table(String columns, String... rows) {
        return "{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":[" + columns + "],\"rows\":["
                + String.join(",", rows) + "]}]}";
    }

    static String login(String minute, String status, String identity, long count) {
        return "[\"" + minute + "\",\"contoso.azurecr.io\",\"Login\",\"" + status + "\",\"" + identity
                + "\"," + count + ",\"" + minute + "\",30.0,40.0,\"[[\\\"20.42.5.10\\\"," + count + "]]\"]";
    }

    static String kqlTime(String iso) {
        return "datetime(" + iso.replace("Z", ".0000000Z") + ")";
    }

    /** A query of {@code table} over TimeGenerated [lo, hi). */
    static MappingBuilder query(String table, String lo, String hi) {
        return post(urlPathEqualTo(QUERY_PATH)).withRequestBody(containing(table))
                .withRequestBody(containing("let lo = " + kqlTime(lo)))
                .withRequestBody(containing("let hi = " + kqlTime(hi)));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    private String config() {
        return """
                workspaces:
                  - name: prod
                    id: %s
                    endpoint: http://127.0.0.1:%d/v1
                    auth: {type: none}
                  - name: staging
                    id: 22222222-2222-3333-4444-555555555555
                    endpoint: http://127.0.0.1:%d/v1
                    auth: {type: none}
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
                """.formatted(ID, wm.getPort(), wm.getPort());
    }

    private int run(String... args) throws Exception {
        Path c = tmp.resolve("acr-watch.yaml");
        Files.writeString(c, config());
        List<String> all = new ArrayList<>(List.of("--config", c.toString()));
        all.addAll(List.of(args));
        BacktestSender.Sleeper noSends = d -> {
            throw new AssertionError("nothing is sent without --send");
        };
        CommandLine cmd = new CommandLine(new BacktestCommand(Map.of(), Clock.systemUTC(), noSends,
                BacktestCommand.liveSources(slept::add)));
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(all.toArray(String[]::new));
    }

    private void stubTwoHours() {
        // Anything not stubbed below is an empty result of its table.
        wm.stubFor(post(urlPathEqualTo(QUERY_PATH)).atPriority(9)
                .withRequestBody(containing("ContainerRegistryRepositoryEvents"))
                .willReturn(json(table(REPOSITORY_COLUMNS))));
        wm.stubFor(post(urlPathEqualTo(QUERY_PATH)).atPriority(10).willReturn(json(table(LOGIN_COLUMNS))));
        wm.stubFor(query("ContainerRegistryLoginEvents", "2026-11-23T10:00:00Z", "2026-11-23T11:00:00Z").atPriority(1)
                .willReturn(json(table(LOGIN_COLUMNS,
                        login("2026-11-23T10:00:00Z", "200", "", 50),
                        login("2026-11-23T10:30:00Z", "401", "sp-ci", 20)))));
        // The second hour comes back partial: it is asked again in halves.
        wm.stubFor(query("ContainerRegistryLoginEvents", "2026-11-23T11:00:00Z", "2026-11-23T12:00:00Z").atPriority(1)
                .willReturn(json("{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":[" + LOGIN_COLUMNS
                        + "],\"rows\":[]}],\"error\":{\"code\":\"PartialError\",\"message\":\"too much\"}}")));
        wm.stubFor(query("ContainerRegistryLoginEvents", "2026-11-23T11:00:00Z", "2026-11-23T11:30:00Z").atPriority(1)
                .willReturn(json(table(LOGIN_COLUMNS, login("2026-11-23T11:15:00Z", "401", "sp-old", 12)))));
        wm.stubFor(query("ContainerRegistryLoginEvents", "2026-11-23T11:30:00Z", "2026-11-23T12:00:00Z").atPriority(1)
                .willReturn(json(table(LOGIN_COLUMNS, login("2026-11-23T11:45:00Z", "200", "", 5)))));
    }

    @Test
    void aPastIntervalIsReadByTimeGeneratedInHourlyChunksAndReplayedExactly() throws Exception {
        stubTwoHours();

        int code = run("--workspace", "prod", "--from", "2026-11-23T10:00:00Z", "--to", "2026-11-23T12:00:00Z");

        assertThat(code).as(err.toString()).isZero();
        String group = "{class=unauthorized,registry=contoso.azurecr.io,severity=critical,workspace=prod}";
        assertThat(out.toString()).startsWith(String.join("\n",
                "timeline (4 notifications)",
                "2026-11-23T10:31:00Z  FIRING    auth_failures  " + group + "  value 20 vs threshold 11  -> slack",
                "2026-11-23T10:36:00Z  RESOLVED  auth_failures  " + group + "  value 0 vs threshold 11  -> slack",
                "2026-11-23T11:16:00Z  FIRING    auth_failures  " + group + "  value 12 vs threshold 11  -> slack",
                "2026-11-23T11:21:00Z  RESOLVED  auth_failures  " + group + "  value 0 vs threshold 11  -> slack",
                "",
                "summary: 4 rows, 87 events, 0 rows skipped",
                ""));
        assertThat(err.toString().lines().filter(l -> l.startsWith("workspace prod:")).collect(Collectors.toList()))
                .containsExactly(
                        "workspace prod: [##########..........] 1/2 hours read, 2 rows, 2 queries",
                        "workspace prod: [####################] 2/2 hours read, 4 rows, 6 queries");
        // 2 hours × 2 tables, and the partial hour's login query twice more for its halves.
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo(QUERY_PATH)))).hasSize(6);
        // Every query selects by TimeGenerated, never by ingestion time.
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo(QUERY_PATH))))
                .allSatisfy(r -> assertThat(r.getBodyAsString()).contains("TimeGenerated >= lo and TimeGenerated < hi")
                        .doesNotContain("ingestion_time() >"));
        assertThat(slept).isEmpty();
    }

    @Test
    void aThrottledChunkIsAskedAgainAfterRetryAfter() throws Exception {
        wm.stubFor(post(urlPathEqualTo(QUERY_PATH)).atPriority(10).willReturn(json(table(LOGIN_COLUMNS))));
        wm.stubFor(query("ContainerRegistryLoginEvents", "2026-11-23T10:00:00Z", "2026-11-23T10:30:00Z")
                .atPriority(1).inScenario("429").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")).willSetStateTo("answered"));
        wm.stubFor(query("ContainerRegistryLoginEvents", "2026-11-23T10:00:00Z", "2026-11-23T10:30:00Z")
                .atPriority(1).inScenario("429").whenScenarioStateIs("answered")
                .willReturn(json(table(LOGIN_COLUMNS, login("2026-11-23T10:05:00Z", "401", "sp-ci", 30)))));
        wm.stubFor(post(urlPathEqualTo(QUERY_PATH)).atPriority(9)
                .withRequestBody(containing("ContainerRegistryRepositoryEvents"))
                .willReturn(json(table(REPOSITORY_COLUMNS))));

        int code = run("--workspace", "prod", "--from", "2026-11-23T10:00:00Z", "--to", "2026-11-23T10:30:00Z",
                "--format", "json");

        assertThat(code).as(err.toString()).isZero();
        assertThat(slept).containsExactly(Duration.ofSeconds(7));
        // The interval is known to be complete to its end, so the quiet minutes after the burst resolve it.
        assertThat(out.toString()).contains("\"at\":\"2026-11-23T10:06:00Z\",\"rule\":\"auth_failures\"")
                .contains("\"at\":\"2026-11-23T10:11:00Z\",\"rule\":\"auth_failures\"")
                .contains("\"end_of_data\":\"2026-11-23T10:30:00Z\",\"still_open\":[]");
    }

    @Test
    void aWorkspaceThatCannotBeReadExitsThreeAndSaysWhy() throws Exception {
        wm.stubFor(post(urlPathEqualTo(QUERY_PATH)).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"InsufficientAccessError\",\"message\":\"no access\"}}")));

        int code = run("--workspace", "prod", "--from", "2026-11-23T10:00:00Z", "--to", "2026-11-23T11:00:00Z");

        assertThat(code).isEqualTo(3);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).startsWith("workspace prod: cannot be read (");
    }

    @Test
    void anUnknownWorkspaceIsAUsageErrorListingTheConfiguredOnes() throws Exception {
        int code = run("--workspace", "prd", "--from", "2026-11-23T10:00:00Z", "--to", "2026-11-23T11:00:00Z");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("--workspace: no workspace \"prd\" in ")
                .endsWith("; configured: \"prod\", \"staging\"" + System.lineSeparator());
        assertThat(wm.findAll(postRequestedFor(urlPathEqualTo(QUERY_PATH)))).isEmpty();
    }

    @Test
    void aMissingToIsAUsageError() throws Exception {
        int code = run("--workspace", "prod", "--from", "2026-11-23T10:00:00Z");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("--workspace needs --from and --to, like --from 2026-11-23T00:00:00Z"
                + " --to 2026-11-24T00:00:00Z" + System.lineSeparator());
    }

    @Test
    void fromNotBeforeToIsAUsageError() throws Exception {
        int code = run("--workspace", "prod", "--from", "2026-11-23T11:00:00Z", "--to", "2026-11-23T11:00:00Z");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("--from 2026-11-23T11:00:00Z must be before --to 2026-11-23T11:00:00Z"
                + System.lineSeparator());
    }

    @Test
    void anUnreadableTimeIsAUsageErrorNamingTheOption() throws Exception {
        int code = run("--workspace", "prod", "--from", "23.11.2026", "--to", "2026-11-23T11:00:00Z");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("--from: expected a time like 2026-11-23T10:00:00Z, found \"23.11.2026\""
                + System.lineSeparator());
    }

    @Test
    void eventsAndWorkspaceAreMutuallyExclusive() throws Exception {
        Path events = Files.writeString(tmp.resolve("e.csv"), "TimeGenerated,ResultDescription\n");

        int code = run("--events", events.toString(), "--workspace", "prod", "--from", "2026-11-23T10:00:00Z",
                "--to", "2026-11-23T11:00:00Z");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("--events and --workspace are mutually exclusive");
    }

    @Test
    void neitherEventsNorWorkspaceIsAUsageError() throws Exception {
        int code = run();

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("give --events FILE... or --workspace NAME --from TIME --to TIME");
    }

    @Test
    void fromWithoutWorkspaceIsAUsageError() throws Exception {
        Path events = Files.writeString(tmp.resolve("e.csv"), "TimeGenerated,ResultDescription\n");

        int code = run("--events", events.toString(), "--from", "2026-11-23T10:00:00Z");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("--from needs --workspace");
    }
}
