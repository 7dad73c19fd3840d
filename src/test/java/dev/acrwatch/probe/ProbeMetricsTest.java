package dev.acrwatch.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What Prometheus sees after probe results. */
class ProbeMetricsTest {

    private static final ProbeTarget HEALTHY = ProbeTarget.of("good.azurecr.io", true);
    private static final ProbeTarget BLOCKED = ProbeTarget.of("blocked.azurecr.io", false);
    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ProbeMetrics metrics = new ProbeMetrics(registry, List.of(HEALTHY, BLOCKED));

    @Test
    void everyFailureReasonIsPreRegisteredAtZeroBeforeAnyProbe() {
        String scrape = registry.scrape();

        for (ProbeFailureReason reason : ProbeFailureReason.values()) {
            assertThat(scrape).contains("acr_probe_failures_total{reason=\"" + reason.label()
                    + "\",registry=\"blocked.azurecr.io\"} 0.0");
        }
        assertThat(scrape).contains("# HELP acr_probe_failures_total ", "# HELP acr_probe_success ",
                "# HELP acr_probe_duration_seconds ", "# HELP acr_probe_last_run_timestamp_seconds ");
    }

    @Test
    void successAndFailureShowAsOneAndZeroWithTheFailureCounted() {
        metrics.onResult(ProbeResult.ok(HEALTHY, "ok", Map.of(
                ProbeStage.DNS, Duration.ofMillis(2), ProbeStage.TCP, Duration.ofMillis(10),
                ProbeStage.TLS, Duration.ofMillis(40), ProbeStage.HTTP, Duration.ofMillis(250)), AT));
        metrics.onResult(ProbeResult.failed(BLOCKED, ProbeFailureReason.HTTP_FIREWALL_DENIED, "403",
                Map.of(ProbeStage.DNS, Duration.ofMillis(1)), AT));

        String scrape = registry.scrape();

        assertThat(scrape).contains(
                "acr_probe_success{registry=\"good.azurecr.io\"} 1.0",
                "acr_probe_success{registry=\"blocked.azurecr.io\"} 0.0",
                "acr_probe_failures_total{reason=\"http_firewall_denied\",registry=\"blocked.azurecr.io\"} 1.0",
                "acr_probe_failures_total{reason=\"tcp_refused\",registry=\"blocked.azurecr.io\"} 0.0",
                "acr_probe_duration_seconds{registry=\"good.azurecr.io\",stage=\"http\"} 0.25",
                "acr_probe_duration_seconds{registry=\"blocked.azurecr.io\",stage=\"tls\"} NaN",
                "acr_probe_last_run_timestamp_seconds{registry=\"good.azurecr.io\"} 1.7723592E9");
    }

    @Test
    void targetNotKnownUpFrontGetsItsSeriesOnFirstResult() {
        ProbeTarget other = new ProbeTarget("localhost", 8443, false);

        metrics.onResult(ProbeResult.failed(other, ProbeFailureReason.TCP_REFUSED, "refused", Map.of(), AT));

        assertThat(registry.scrape()).contains(
                "acr_probe_failures_total{reason=\"tcp_refused\",registry=\"localhost:8443\"} 1.0",
                "acr_probe_failures_total{reason=\"tls_error\",registry=\"localhost:8443\"} 0.0");
    }
}
