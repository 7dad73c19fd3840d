package dev.acrwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.rule.CallerSpec;
import dev.acrwatch.rule.RuleResult;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallerMetricsTest {

    private static final String REG = "contoso.azurecr.io";
    private static final Instant SEEN = Instant.parse("2026-11-23T12:01:00Z");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CallerMetrics metrics = new CallerMetrics(registry, Map.of("prod", List.of(
            new CallerSpec(REG, "aks-prod", List.of("10.240.0.0/16"), List.of(), Duration.ofMinutes(10)),
            new CallerSpec(REG, "build-agents", List.of(), List.of("agent-sp"), Duration.ofMinutes(30)))));

    @TempDir
    Path dir;

    private static RuleResult result(String caller, boolean active, Optional<Instant> lastSeen) {
        return RuleResult.bare("acrwatch_expected_caller", "expected_caller",
                Map.of("workspace", "prod", "registry", REG, "caller", caller), active, 600, 600,
                Duration.ofMinutes(10), lastSeen);
    }

    @Test
    void everyConfiguredCallerShowsDroppedZeroAndNoLastSeenBeforeAnythingIsSeen() {
        String scrape = registry.scrape();
        assertThat(scrape)
                .contains("acr_expected_caller_dropped{caller=\"aks-prod\",registry=\"contoso.azurecr.io\",workspace=\"prod\"} 0.0")
                .contains("acr_expected_caller_dropped{caller=\"build-agents\",registry=\"contoso.azurecr.io\",workspace=\"prod\"} 0.0")
                .contains("# HELP acr_expected_caller_dropped 1 while an expected caller")
                .doesNotContain("acr_expected_caller_last_seen_timestamp_seconds{");
    }

    @Test
    void scrapeShowsLastSeenAndTheDroppedGaugeFlipsToOneAndBack() {
        metrics.update(List.of(result("aks-prod", true, Optional.of(SEEN)), result("build-agents", false, Optional.empty())));
        assertThat(registry.scrape())
                .contains("acr_expected_caller_last_seen_timestamp_seconds{caller=\"aks-prod\",registry=\"contoso.azurecr.io\",workspace=\"prod\"} "
                        + (double) SEEN.getEpochSecond())
                .contains("acr_expected_caller_dropped{caller=\"aks-prod\",registry=\"contoso.azurecr.io\",workspace=\"prod\"} 1.0")
                .contains("acr_expected_caller_dropped{caller=\"build-agents\",registry=\"contoso.azurecr.io\",workspace=\"prod\"} 0.0")
                .doesNotContain("acr_expected_caller_last_seen_timestamp_seconds{caller=\"build-agents\"");

        metrics.update(List.of(result("aks-prod", false, Optional.of(SEEN.plusSeconds(900))),
                result("build-agents", false, Optional.empty())));
        assertThat(registry.scrape())
                .contains("acr_expected_caller_last_seen_timestamp_seconds{caller=\"aks-prod\",registry=\"contoso.azurecr.io\",workspace=\"prod\"} "
                        + (double) SEEN.plusSeconds(900).getEpochSecond())
                .contains("acr_expected_caller_dropped{caller=\"aks-prod\",registry=\"contoso.azurecr.io\",workspace=\"prod\"} 0.0");
    }

    @Test
    void learnedCallersGetSeriesWhileLearnedAndLoseThemAfter() {
        metrics.update(List.of(result("learned-ip-172-16-4-0-24", true, Optional.of(SEEN))));
        assertThat(registry.scrape()).contains("acr_expected_caller_dropped{caller=\"learned-ip-172-16-4-0-24\"");

        metrics.update(List.of(result("aks-prod", false, Optional.empty())));
        assertThat(registry.scrape())
                .doesNotContain("learned-ip-172-16-4-0-24")
                .contains("acr_expected_caller_dropped{caller=\"build-agents\"");
    }

    @Test
    void theScrapePassesPromtoolCheckMetrics() throws Exception {
        metrics.update(List.of(result("aks-prod", true, Optional.of(SEEN))));
        Path scrape = Files.writeString(dir.resolve("scrape.txt"), registry.scrape(), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(promtool().toString(), "check", "metrics")
                .redirectInput(scrape.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        assertThat(out).as("promtool output").isEmpty();
        assertThat(p.exitValue()).isZero();
    }

    private static Path promtool() {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(d -> Path.of(d, "promtool")).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError("promtool is not on PATH: install the Debian package 'prometheus'"));
    }
}
