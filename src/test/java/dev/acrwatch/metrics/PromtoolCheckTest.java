package dev.acrwatch.metrics;

import dev.acrwatch.testing.ExternalTool;
import dev.acrwatch.testing.MutableClock;
import static dev.acrwatch.metrics.Rows.report;
import static dev.acrwatch.metrics.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.config.MetricsConfig;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.source.QueryFailureReason;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real scrape, hostile label values included, passes Prometheus' own linter. */
class PromtoolCheckTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aRealScrapeWithHostileCallerValuesPassesPromtoolCheckMetrics() throws Exception {
        Path promtool = promtool();
        MutableClock clock = new MutableClock(T0.plusSeconds(300));
        AcrMetrics metrics = new AcrMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), 10,
                Duration.ofHours(1), clock, "0.1.0");
        metrics.registerWorkspace("prod", List.of("prodacr.azurecr.io"));
        metrics.onQuery("prod", LogTable.LOGIN, Duration.ofMillis(800), 3, Optional.empty());
        metrics.onQuery("prod", LogTable.LOGIN, Duration.ofSeconds(3), 0, Optional.of(QueryFailureReason.PARTIAL));
        metrics.onPollCommitted(report("prod", LogTable.LOGIN, T0.plusSeconds(120), List.of(
                row(LogTable.LOGIN, T0, "prodacr.azurecr.io", "Pull", "403", "evil\"} 1\nx{a=\"\\", "10.0.0.1\r\n", 4),
                row(LogTable.LOGIN, T0, "prodacr.azurecr.io", "Pull", "401", "", "", 2, 20, 12),
                row(LogTable.LOGIN, T0, "prodacr.azurecr.io", "Pull", "200", "", "", 9, 9, 3)), Duration.ofMinutes(5)));

        MetricsConfig config = new MetricsConfig("127.0.0.1", 0, "/metrics", Optional.empty(), Optional.empty(),
                10, Duration.ofHours(1));
        MetricsServer server = MetricsServer.start(config, metrics, List::of, clock);
        String body;
        try {
            body = Scraper.plain(server).get("/metrics").body();
        } finally {
            server.stop();
        }
        assertThat(body).contains("acr_top_failing_identity_events{class=\"forbidden\"");

        Path scrape = Files.writeString(dir.resolve("scrape.txt"), body, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics")
                .redirectInput(scrape.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        assertThat(out).as("promtool output").isEmpty();
        assertThat(p.exitValue()).as("promtool exit code").isZero();
    }

    private static Path promtool() {
        return Path.of(ExternalTool.require("promtool", "prometheus"));
    }
}
