package dev.acrwatch.metrics;

import dev.acrwatch.alert.SuppressionCounts;
import dev.acrwatch.notify.FailureReason;
import dev.acrwatch.poll.AlertPipeline;
import dev.acrwatch.poll.DispatchListener;
import dev.acrwatch.rule.AlertPhase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Alerting meters: alerts by state, suppressed alerts, silences, and notifications by receiver,
 * outcome and failure reason. Every receiver's series exist at 0 from the start.
 */
public final class AlertMetrics implements DispatchListener, AlertPipeline.Observer {

    private final MeterRegistry registry;
    private final Map<AlertPhase, AtomicLong> alerts = new EnumMap<>(AlertPhase.class);
    private final AtomicLong silenced = new AtomicLong();
    private final AtomicLong inhibited = new AtomicLong();
    private final AtomicLong activeSilences = new AtomicLong();

    /**
     * @param queueDepth entries waiting in the outbox per receiver (read at scrape time)
     */
    public AlertMetrics(MeterRegistry registry, List<String> receivers, Supplier<Map<String, Integer>> queueDepth) {
        this.registry = registry;
        for (AlertPhase phase : AlertPhase.values()) {
            AtomicLong v = new AtomicLong();
            alerts.put(phase, v);
            Gauge.builder("acrwatch_alerts", v, AtomicLong::get)
                    .description("Alerts by state (pending: condition true but 'for' not yet elapsed; firing: notified)")
                    .tag("state", phase.name().toLowerCase()).register(registry);
        }
        Gauge.builder("acrwatch_alerts_suppressed", silenced, AtomicLong::get)
                .description("Alerts currently held back, by kind (silenced by a silence, inhibited by another alert)")
                .tag("kind", "silenced").register(registry);
        Gauge.builder("acrwatch_alerts_suppressed", inhibited, AtomicLong::get)
                .description("Alerts currently held back, by kind (silenced by a silence, inhibited by another alert)")
                .tag("kind", "inhibited").register(registry);
        Gauge.builder("acrwatch_silences_active", activeSilences, AtomicLong::get)
                .description("Silences in force now").register(registry);
        for (String receiver : receivers) {
            for (Outcome o : Outcome.values()) {
                notifications(receiver, o);
            }
            for (FailureReason r : FailureReason.values()) {
                failures(receiver, r);
            }
            Gauge.builder("acrwatch_outbox_pending", queueDepth,
                            q -> q.get().getOrDefault(receiver, 0))
                    .description("Notifications waiting in the outbox (pending or being retried), by receiver")
                    .tag("receiver", receiver).register(registry);
        }
    }

    @Override
    public void onAttempt(String receiver, Outcome outcome, Optional<FailureReason> reason) {
        notifications(receiver, outcome).increment();
        reason.ifPresent(r -> failures(receiver, r).increment());
    }

    @Override
    public void onEvaluated(Map<AlertPhase, Long> alertsByPhase, SuppressionCounts suppressed, int silences) {
        alerts.forEach((phase, v) -> v.set(alertsByPhase.getOrDefault(phase, 0L)));
        silenced.set(suppressed.silenced());
        inhibited.set(suppressed.inhibited());
        activeSilences.set(silences);
    }

    private Counter notifications(String receiver, Outcome outcome) {
        return Counter.builder("acrwatch_notifications_total")
                .description("Notification sends and skips by receiver and outcome (delivered, failed, dead, skipped)")
                .tags("receiver", receiver, "outcome", outcome.label()).register(registry);
    }

    private Counter failures(String receiver, FailureReason reason) {
        return Counter.builder("acrwatch_notification_failures_total")
                .description("Failed notification sends by receiver and reason")
                .tags("receiver", receiver, "reason", reason.label()).register(registry);
    }
}
