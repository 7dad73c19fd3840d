package dev.acrwatch.notify.alertmanager;

import dev.acrwatch.alert.AlertSnapshot;
import dev.acrwatch.alert.AlertStatus;
import dev.acrwatch.alert.Notification;
import dev.acrwatch.notify.DeliveryResult;
import dev.acrwatch.notify.Notifier;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alertmanager forgets an alert whose {@code endsAt} passes, so firing alerts are re-sent until they
 * resolve (as Prometheus does). This decorator remembers every alert it delivered as firing and
 * {@link #resend()} posts them again; a delivered resolve forgets it. Re-sends bypass the outbox on
 * purpose: they are keep-alives, idempotent in Alertmanager, not new notifications.
 */
public final class KeepAliveNotifier implements Notifier {

    private static final Logger log = LoggerFactory.getLogger(KeepAliveNotifier.class);

    private final Notifier delegate;
    private final String receiver;
    private final Clock clock;
    private final Map<String, AlertSnapshot> firing = new LinkedHashMap<>();

    public KeepAliveNotifier(Notifier delegate, String receiver, Clock clock) {
        this.delegate = delegate;
        this.receiver = receiver;
        this.clock = clock;
    }

    @Override
    public DeliveryResult send(Notification n) {
        DeliveryResult r = delegate.send(n);
        if (r.delivered()) {
            synchronized (this) {
                for (AlertSnapshot a : n.alerts()) {
                    String key = a.ruleName() + a.labels();
                    if (a.status() == AlertStatus.FIRING) {
                        firing.put(key, a);
                    } else {
                        firing.remove(key);
                    }
                }
            }
        }
        return r;
    }

    /** Posts every alert still firing once more; returns the result, or empty when none is firing. */
    public Optional<DeliveryResult> resend() {
        List<AlertSnapshot> alerts;
        synchronized (this) {
            alerts = new ArrayList<>(firing.values());
        }
        if (alerts.isEmpty()) {
            return Optional.empty();
        }
        Notification keepAlive = new Notification("keep-alive|" + receiver + "|" + clock.instant(), receiver,
                "keep-alive", Map.of(), alerts, clock.instant());
        DeliveryResult r = delegate.send(keepAlive);
        if (!r.delivered()) {
            log.warn("re-sending {} firing alert(s) to {} failed ({}): {}", alerts.size(), receiver,
                    r.reason().map(x -> x.label()).orElse("?"), r.message());
        }
        return Optional.of(r);
    }

    /** How many alerts are kept alive. */
    public synchronized int firingCount() {
        return firing.size();
    }
}
