package dev.acrwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.testing.ExternalTool;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadMetricsTest {

    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
    private static final String HASH_A = "a1b2c3d4e5f6" + "0".repeat(52);
    private static final String HASH_B = "ffeeddccbbaa" + "1".repeat(52);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ReloadMetrics metrics = new ReloadMetrics(registry, START, HASH_A);

    @TempDir
    Path dir;

    @Test
    void theStartupConfigCountsAsASuccessfulReloadAtStart() {
        assertThat(registry.scrape())
                .contains("acrwatch_config_last_reload_successful 1.0")
                .contains("acrwatch_config_last_reload_timestamp_seconds 1.795428E9")
                .contains("acrwatch_config_reloads_total{result=\"success\"} 0.0")
                .contains("acrwatch_config_reloads_total{result=\"failure\"} 0.0")
                .contains("acrwatch_config_info{sha256=\"a1b2c3d4e5f6\"} 1");
    }

    @Test
    void failedReloadShowsZeroAndKeepsTheRunningHash() {
        metrics.record(false, START.plusSeconds(90), HASH_A);

        assertThat(registry.scrape())
                .contains("acrwatch_config_last_reload_successful 0.0")
                .contains("acrwatch_config_last_reload_timestamp_seconds 1.79542809E9")
                .contains("acrwatch_config_reloads_total{result=\"failure\"} 1.0")
                .contains("acrwatch_config_info{sha256=\"a1b2c3d4e5f6\"} 1");
    }

    @Test
    void successfulReloadMovesTheHashSeriesInsteadOfAddingOne() {
        metrics.record(false, START.plusSeconds(30), HASH_A);
        metrics.record(true, START.plusSeconds(60), HASH_B);

        assertThat(registry.scrape())
                .contains("acrwatch_config_last_reload_successful 1.0")
                .contains("acrwatch_config_reloads_total{result=\"success\"} 1.0")
                .contains("acrwatch_config_info{sha256=\"ffeeddccbbaa\"} 1")
                .doesNotContain("a1b2c3d4e5f6");
    }

    @Test
    void theScrapePassesPromtoolCheckMetrics() throws Exception {
        Path promtool = Path.of(ExternalTool.require("promtool", "prometheus"));
        metrics.record(true, START.plusSeconds(60), HASH_B);
        Path scrape = Files.writeString(dir.resolve("scrape.txt"), registry.scrape(), StandardCharsets.UTF_8);

        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics")
                .redirectInput(scrape.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(out).isEmpty();
        assertThat(p.exitValue()).isZero();
    }
}
