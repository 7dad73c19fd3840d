package dev.acrwatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrwatch.daemon.DemoRun;
import dev.acrwatch.testing.ExternalTool;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A real Prometheus (Debian package) scrapes a running demo; every PromQL expression of every
 * dashboard panel and template variable must return at least one series. "No data" fails the build.
 */
class DashboardQueriesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path tmp;
    private static DemoRun demo;
    private static Process prometheus;
    private static String promUrl;

    @BeforeAll
    static void scrapeARunningDemo() throws Exception {
        String prometheusBin = ExternalTool.require("prometheus", "prometheus");
        demo = DemoRun.start(new DemoRun.Settings(200, Duration.ofMinutes(10), "127.0.0.1", 0, 11, null),
                null, List.of(), "test");
        int metricsPort = URI.create(demo.daemon().server().url()).getPort();
        int promPort = ExternalTool.freePort();
        Path config = tmp.resolve("prometheus.yml");
        Files.writeString(config, """
                global: {scrape_interval: 1s, evaluation_interval: 1s}
                scrape_configs:
                  - job_name: acr-watch
                    static_configs: [{targets: ["127.0.0.1:%d"]}]
                """.formatted(metricsPort));
        prometheus = new ProcessBuilder(prometheusBin, "--config.file=" + config,
                "--storage.tsdb.path=" + tmp.resolve("data"), "--web.listen-address=127.0.0.1:" + promPort)
                .redirectErrorStream(true).redirectOutput(tmp.resolve("prometheus.log").toFile()).start();
        promUrl = "http://127.0.0.1:" + promPort;
        // Enough scrapes for rate() windows, and the story far enough for failures of every kind.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() ->
                !query("sum(increase(acr_failures_total{class=\"throttled\"}[1h])) > 0").isEmpty()
                        && !query("count_over_time(up{job=\"acr-watch\"}[1m]) > 20").isEmpty());
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.destroy();
        }
        if (demo != null) {
            demo.close();
        }
    }

    static Stream<String> panelQueries() throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("grafana/dashboards"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode d = JSON.readTree(f.toFile());
                for (JsonNode panel : d.path("panels")) {
                    for (JsonNode t : panel.path("targets")) {
                        out.add(f.getFileName() + " | " + panel.path("title").asText() + " | " + t.path("expr").asText());
                    }
                }
                for (JsonNode v : d.path("templating").path("list")) {
                    if (v.path("type").asText().equals("query")) {
                        out.add(f.getFileName() + " | variable " + v.path("name").asText() + " | "
                                + v.path("definition").asText());
                    }
                }
            }
        }
        assertThat(out).hasSizeGreaterThan(15);
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("panelQueries")
    void everyPanelAndVariableQueryReturnsData(String entry) throws Exception {
        String expr = entry.substring(entry.lastIndexOf(" | ") + 3);
        String promql = substitute(expr);
        if (promql.startsWith("label_values(")) {
            // label_values(metric{sel}, label): series of the metric must carry the label.
            String inner = promql.substring("label_values(".length(), promql.length() - 1);
            int comma = inner.lastIndexOf(',');
            promql = "count by (" + inner.substring(comma + 1).strip() + ") (" + inner.substring(0, comma) + ")";
        }
        assertThat(query(promql)).as("series for %s", promql).isNotEmpty();
    }

    @Test
    void aDemoScrapePassesPromtoolCheckMetrics() throws Exception {
        String promtool = ExternalTool.require("promtool", "prometheus");
        HttpResponse<String> scrape = HTTP.send(HttpRequest.newBuilder(URI.create(demo.daemon().server().url()))
                .build(), HttpResponse.BodyHandlers.ofString());
        Process p = new ProcessBuilder(promtool, "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(scrape.body().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).isBlank();
    }

    private static String substitute(String expr) {
        return expr.replace("$workspace", ".*").replace("$registry", ".*")
                .replace("$__rate_interval", "15s").replace("$__range", "1h").replace("$__interval", "5s");
    }

    private static JsonNode query(String promql) throws Exception {
        String url = promUrl + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("status").asText()).as("%s: %s", promql, r.body()).isEqualTo("success");
        return body.path("data").path("result");
    }
}
