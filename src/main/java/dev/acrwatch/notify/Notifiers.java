package dev.acrwatch.notify;

import dev.acrwatch.alert.AlertStatus;
import dev.acrwatch.alert.Notification;
import dev.acrwatch.notify.alertmanager.AlertmanagerNotifier;
import dev.acrwatch.notify.email.EmailNotifier;
import dev.acrwatch.notify.slack.SlackNotifier;
import dev.acrwatch.notify.webhook.WebhookNotifier;
import java.util.List;

/** Builds the notifier for a receiver's config, honouring its {@code send_resolved}. */
public final class Notifiers {

    private Notifiers() {
    }

    public static Notifier create(ReceiverConfig config, NotifierDeps deps) {
        Notifier inner;
        if (config instanceof EmailReceiver e) {
            inner = new EmailNotifier(e, deps);
        } else if (config instanceof SlackReceiver s) {
            inner = new SlackNotifier(s, deps);
        } else if (config instanceof WebhookReceiver w) {
            inner = new WebhookNotifier(w, deps);
        } else if (config instanceof AlertmanagerReceiver a) {
            inner = new AlertmanagerNotifier(a, deps);
        } else {
            throw new IllegalArgumentException("unknown receiver type " + config.getClass().getSimpleName());
        }
        return config.sendResolved() ? inner : withoutResolved(config.name(), inner);
    }

    /** Drops resolved alerts; a notification left empty counts as delivered (there was nothing to say). */
    static Notifier withoutResolved(String receiver, Notifier inner) {
        return n -> {
            List<dev.acrwatch.alert.AlertSnapshot> firing =
                    n.alerts().stream().filter(a -> a.status() == AlertStatus.FIRING).toList();
            if (firing.isEmpty()) {
                return DeliveryResult.delivered("receiver \"" + receiver + "\": resolved only, send_resolved is false");
            }
            if (firing.size() == n.alerts().size()) {
                return inner.send(n);
            }
            return inner.send(new Notification(n.dedupKey(), n.receiver(), n.groupKey(), n.groupLabels(), firing,
                    n.createdAt()));
        };
    }
}
