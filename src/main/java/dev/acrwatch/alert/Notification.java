package dev.acrwatch.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One message to one receiver: the alerts of one group at one moment.
 *
 * @param dedupKey    unique per (rule, group, state transition/repeat); the notification log refuses a second send
 * @param groupLabels the labels the group is keyed by (for subjects and headers)
 */
public record Notification(
        String dedupKey,
        String receiver,
        String groupKey,
        Map<String, String> groupLabels,
        List<AlertSnapshot> alerts,
        Instant createdAt) {

    public Notification {
        groupLabels = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(groupLabels));
        alerts = List.copyOf(alerts);
    }

    /** Firing if any alert in it is firing. */
    public AlertStatus status() {
        return alerts.stream().anyMatch(a -> a.status() == AlertStatus.FIRING)
                ? AlertStatus.FIRING : AlertStatus.RESOLVED;
    }
}
