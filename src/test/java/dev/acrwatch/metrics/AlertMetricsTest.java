package dev.acrwatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.alert.SuppressionCounts;
import dev.acrwatch.notify.FailureReason;
import dev.acrwatch.poll.DispatchListener.Outcome;
import dev.acrwatch.rule.AlertPhase;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AlertMetrics metrics = new AlertMetrics(registry, List.of("sre-slack", "sre-email"),
            () -> Map.of("sre-slack", 3));

    @Test
    void everyReceiverOutcomeAndReasonIsExportedAtZeroBeforeAnythingHappens() {
        String scrape = registry.scrape();
        assertThat(scrape)
                .contains("acrwatch_notifications_total{outcome=\"delivered\",receiver=\"sre-email\"} 0.0")
                .contains("acrwatch_notifications_total{outcome=\"dead\",receiver=\"sre-slack\"} 0.0")
                .contains("acrwatch_notification_failures_total{reason=\"rate_limited\",receiver=\"sre-slack\"} 0.0")
                .contains("acrwatch_alerts{state=\"firing\"} 0.0")
                .contains("acrwatch_outbox_pending{receiver=\"sre-slack\"} 3.0")
                .contains("acrwatch_outbox_pending{receiver=\"sre-email\"} 0.0");
    }

    @Test
    void attemptsAndEvaluationsMoveTheirSeries() {
        metrics.onAttempt("sre-slack", Outcome.FAILED, Optional.of(FailureReason.RATE_LIMITED));
        metrics.onAttempt("sre-slack", Outcome.DELIVERED, Optional.empty());
        metrics.onEvaluated(Map.of(AlertPhase.FIRING, 2L, AlertPhase.PENDING, 1L), new SuppressionCounts(4, 1), 2);

        assertThat(registry.scrape())
                .contains("acrwatch_notifications_total{outcome=\"failed\",receiver=\"sre-slack\"} 1.0")
                .contains("acrwatch_notifications_total{outcome=\"delivered\",receiver=\"sre-slack\"} 1.0")
                .contains("acrwatch_notification_failures_total{reason=\"rate_limited\",receiver=\"sre-slack\"} 1.0")
                .contains("acrwatch_alerts{state=\"firing\"} 2.0")
                .contains("acrwatch_alerts{state=\"pending\"} 1.0")
                .contains("acrwatch_alerts_suppressed{kind=\"silenced\"} 4.0")
                .contains("acrwatch_alerts_suppressed{kind=\"inhibited\"} 1.0")
                .contains("acrwatch_silences_active 2.0");
    }
}
