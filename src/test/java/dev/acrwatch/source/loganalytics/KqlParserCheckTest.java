package dev.acrwatch.source.loganalytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrwatch.config.AuthConfig;
import dev.acrwatch.config.ExpectedCaller;
import dev.acrwatch.config.PollConfig;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.source.IngestionInterval;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every KQL text the daemon can send passes Microsoft's Kusto parser and semantic analyzer. */
class KqlParserCheckTest {

    static final Path TOOL = Path.of("tools", "kql-check");

    record Result(int exitCode, String output) {}

    @Test
    void everyPollQueryVariantPassesTheKustoAnalyzer() throws Exception {
        List<String> queries = new ArrayList<>();
        IngestionInterval full = new IngestionInterval(
                Instant.parse("2026-11-23T21:00:00Z"), Instant.parse("2026-11-23T21:01:00Z"));
        IngestionInterval odd = new IngestionInterval(
                Instant.parse("2026-11-23T21:00:00.001Z"), Instant.parse("2026-11-23T21:00:01.004Z"));
        List<IngestionInterval> intervals = new ArrayList<>(List.of(full, odd));
        intervals.addAll(List.of(full.halves()));
        intervals.addAll(List.of(full.halves()[1].halves()));
        intervals.addAll(List.of(odd.halves()));
        PollConfig noTolerance = withLateTolerance(Duration.ZERO);
        for (LogTable table : LogTable.values()) {
            for (List<String> registries : List.of(List.<String>of(), List.of("myreg.azurecr.io"),
                    List.of("a.azurecr.io", "B-2.privatelink.azurecr.cn", "x.y.z"))) {
                for (IngestionInterval interval : intervals) {
                    queries.add(KqlTemplates.pollQuery(table, workspace(registries), PollConfig.defaults(), interval).text());
                }
                queries.add(KqlTemplates.pollQuery(table, workspace(registries), noTolerance, full).text());
            }
        }
        assertThat(queries).hasSize(2 * 3 * (intervals.size() + 1));

        Result r = check(queries);

        assertThat(r.output()).contains("kql-check: " + queries.size() + " queries, 0 errors");
        assertThat(r.output().lines().count()).as("diagnostics:%n%s", r.output()).isEqualTo(1);
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void pollQueriesWithExpectedCallersPassTheKustoAnalyzer() throws Exception {
        List<WorkspaceConfig> variants = List.of(
                callers(List.of("contosoprod.azurecr.io"), List.of(
                        caller("contosoprod.azurecr.io", "aks", List.of("10.240.1.0/24"), List.of()))),
                callers(List.of("contosoprod.azurecr.io"), List.of(
                        caller("contosoprod.azurecr.io", "agents", List.of(), List.of("build-agent")))),
                callers(List.of("contosoprod.azurecr.io"), List.of(
                        caller("contosoprod.azurecr.io", "aks", List.of("10.240.1.0/24", "0.0.0.0/0", "10.0.0.9/32"),
                                List.of("aks-prod-agentpool2", "11111111-2222-3333-4444-555555555555")))),
                // several registries, callers interleaved, one registry without callers
                callers(List.of("a.azurecr.io", "B-2.privatelink.azurecr.cn", "x.y.z"), List.of(
                        caller("a.azurecr.io", "one", List.of("10.0.0.0/8"), List.of()),
                        caller("b-2.privatelink.azurecr.cn", "two", List.of(), List.of("deploy")),
                        caller("a.azurecr.io", "three", List.of("192.168.1.0/24"), List.of("ci")))),
                // identities an attacker would like to see unescaped
                callers(List.of("a.azurecr.io"), List.of(
                        caller("a.azurecr.io", "hostile", List.of(), List.of("evil\" or true or (\"", "dom\\user",
                                "back\\\\slash\\\"quote", "quote'single", "tab\tnl\nend", "müller ☃ 𝄞", "a // b")))));
        List<String> queries = new ArrayList<>();
        for (LogTable table : LogTable.values()) {
            for (WorkspaceConfig ws : variants) {
                queries.add(KqlTemplates.pollQuery(table, ws, PollConfig.defaults(),
                        new IngestionInterval(Instant.parse("2026-11-23T21:00:00Z"), Instant.parse("2026-11-23T21:01:00Z")))
                        .text());
            }
        }
        assertThat(queries).allSatisfy(q -> assertThat(q).contains("    or (LoginServer =~ "));

        Result r = check(queries);

        assertThat(r.output()).contains("kql-check: " + queries.size() + " queries, 0 errors");
        assertThat(r.output().lines().count()).as("diagnostics:%n%s", r.output()).isEqualTo(1);
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void everyBacktestQueryVariantPassesTheKustoAnalyzer() throws Exception {
        IngestionInterval hour = new IngestionInterval(
                Instant.parse("2026-11-23T10:00:00Z"), Instant.parse("2026-11-23T11:00:00Z"));
        IngestionInterval odd = new IngestionInterval(
                Instant.parse("2026-11-23T10:00:00.001Z"), Instant.parse("2026-11-23T10:17:42.5Z"));
        List<IngestionInterval> intervals = new ArrayList<>(List.of(hour, odd));
        intervals.addAll(List.of(hour.halves()));
        intervals.addAll(List.of(hour.halves()[1].halves()));
        List<WorkspaceConfig> workspaces = List.of(workspace(List.of()), workspace(List.of("myreg.azurecr.io")),
                workspace(List.of("a.azurecr.io", "B-2.privatelink.azurecr.cn", "x.y.z")),
                callers(List.of("contosoprod.azurecr.io"), List.of(
                        caller("contosoprod.azurecr.io", "aks", List.of("10.240.1.0/24", "0.0.0.0/0"),
                                List.of("aks-prod-agentpool2", "evil\" or true or (\"")))));
        List<String> queries = new ArrayList<>();
        for (LogTable table : LogTable.values()) {
            for (WorkspaceConfig ws : workspaces) {
                for (IngestionInterval interval : intervals) {
                    queries.add(KqlTemplates.backtestQuery(table, ws, interval).text());
                }
            }
        }
        assertThat(queries).hasSize(2 * workspaces.size() * intervals.size())
                .allSatisfy(q -> assertThat(q).contains("| where TimeGenerated >= lo and TimeGenerated < hi")
                        .doesNotContain("ingestion_time() >"));

        Result r = check(queries);

        assertThat(r.output()).contains("kql-check: " + queries.size() + " queries, 0 errors");
        assertThat(r.output().lines().count()).as("diagnostics:%n%s", r.output()).isEqualTo(1);
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void everyLearningQueryVariantPassesTheKustoAnalyzer() throws Exception {
        List<String> queries = new ArrayList<>();
        for (List<String> registries : List.of(List.<String>of(), List.of("myreg.azurecr.io"),
                List.of("a.azurecr.io", "B-2.privatelink.azurecr.cn", "x.y.z"))) {
            for (dev.acrwatch.config.LearnCallersConfig learn : List.of(
                    new dev.acrwatch.config.LearnCallersConfig(true, 1, 1, Duration.ofMinutes(15)),
                    new dev.acrwatch.config.LearnCallersConfig(true, 3, 24, Duration.ofMinutes(15)),
                    new dev.acrwatch.config.LearnCallersConfig(true, 168, 168, Duration.ofMinutes(30)))) {
                for (Instant now : List.of(Instant.parse("2026-11-23T21:00:00Z"), Instant.parse("2026-11-23T21:17:42.5Z"))) {
                    WorkspaceConfig ws = new WorkspaceConfig("prod", "00000000-0000-0000-0000-000000000001",
                            Optional.empty(), new AuthConfig.None(), registries, List.of(), List.of(), learn);
                    queries.add(KqlTemplates.learningQuery(ws, now).text());
                }
            }
        }

        Result r = check(queries);

        assertThat(r.output()).contains("kql-check: " + queries.size() + " queries, 0 errors");
        assertThat(r.output().lines().count()).as("diagnostics:%n%s", r.output()).isEqualTo(1);
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void everyAlertReproduceQueryPassesTheKustoAnalyzer() throws Exception {
        List<String> queries = new ArrayList<>();
        for (String cls : List.of("unauthorized", "forbidden", "throttled", "not_found", "client_error",
                "server_error", "unknown", "ok", "network_drop", "unauthorized,forbidden")) {
            for (String type : List.of("threshold", "ratio", "spike", "absence")) {
                queries.add(ReproduceQueries.forAlert(ReproduceQueriesTest.alert(type, cls,
                        java.util.Map.of("identity", "evil\" | take 1 //", "caller_ip", "10.0.0.1",
                                "operation", "Pull"))).orElseThrow());
            }
        }
        Result r = check(queries);
        assertThat(r.output()).contains("kql-check: " + queries.size() + " queries, 0 errors");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void hostileRegistryNamesNeverReachTheRenderer() {
        for (String hostile : List.of("a.io\") | take 1 //", "a.io\"\n| take 1", "a.io\\", "x.io') or true or ('")) {
            assertThatThrownBy(() -> KqlTemplates.pollQuery(LogTable.REPOSITORY, workspace(List.of(hostile)),
                    PollConfig.defaults(), new IngestionInterval(Instant.EPOCH, Instant.EPOCH.plusSeconds(60))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("registries[0]: expected a login server");
        }
    }

    @Test
    void checkFailsOnAMisspelledColumn() throws Exception {
        String good = KqlTemplates.pollQuery(LogTable.LOGIN, workspace(List.of()), PollConfig.defaults(),
                new IngestionInterval(Instant.EPOCH, Instant.EPOCH.plusSeconds(60))).text();
        String bad = good.replace("tostring(CallerIpAddress)", "tostring(CallerIpAdress)");
        assertThat(bad).isNotEqualTo(good);

        Result r = check(List.of(bad));

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output()).contains("Error KS142").contains("CallerIpAdress");
    }

    static WorkspaceConfig workspace(List<String> registries) {
        return new WorkspaceConfig("prod", "00000000-0000-0000-0000-000000000001", Optional.empty(),
                new AuthConfig.None(), registries);
    }

    static WorkspaceConfig callers(List<String> registries, List<ExpectedCaller> callers) {
        return new WorkspaceConfig("prod", "00000000-0000-0000-0000-000000000001", Optional.empty(),
                new AuthConfig.None(), registries, callers, List.of());
    }

    static ExpectedCaller caller(String registry, String name, List<String> cidrs, List<String> identities) {
        return new ExpectedCaller(registry, name, cidrs, identities, Duration.ofMinutes(15));
    }

    static PollConfig withLateTolerance(Duration t) {
        PollConfig d = PollConfig.defaults();
        return new PollConfig(d.interval(), d.cron(), d.settle(), d.maxCatchUp(), d.initialLookback(), t,
                d.serverTimeout(), d.maxAttempts(), d.retryBaseDelay(), d.splitRows());
    }

    /** Runs check.js with the queries as a JSON list on stdin. Fails (never skips) when it cannot run. */
    static Result check(List<String> queries) throws Exception {
        if (!Files.isDirectory(TOOL.resolve("node_modules").resolve("@kusto").resolve("language-service-next"))) {
            fail("the Kusto parser is not installed: run `npm ci --prefix tools/kql-check` (needs node and npm)");
        }
        Process p;
        try {
            p = new ProcessBuilder("node", TOOL.resolve("check.js").toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("cannot start `node` (" + e.getMessage() + "): install Node.js 18+ and run "
                    + "`npm ci --prefix tools/kql-check`");
            return null;
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write(new ObjectMapper().writeValueAsBytes(queries));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("kql-check did not finish in 120 s; output so far:\n" + output);
        }
        return new Result(p.exitValue(), output);
    }
}
