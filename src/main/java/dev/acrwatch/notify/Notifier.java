package dev.acrwatch.notify;

import dev.acrwatch.alert.Notification;

/** Sends one notification to one receiver and says whether a failure is worth retrying. */
public interface Notifier {

    /** Never throws for delivery problems: they come back as a failed {@link DeliveryResult}. */
    DeliveryResult send(Notification notification);
}
