package dev.acrwatch.cli;

import dev.acrwatch.alert.AlertSnapshot;
import dev.acrwatch.alert.AlertStatus;
import dev.acrwatch.alert.Contributor;
import dev.acrwatch.alert.Notification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** A realistic but clearly labelled FIRING alert, so a receiver can be checked end to end. */
final class SampleNotification {

    static final String REGISTRY = "example.azurecr.io";
    static final String RULE = "acr-watch-test-notification";
    static final String SUMMARY = "TEST from acr-watch test-notify: this is not a real alert, no action needed.";

    private SampleNotification() {}

    static Notification of(String receiver, Instant now) {
        AlertSnapshot alert = new AlertSnapshot(RULE, "threshold", AlertStatus.FIRING, "warning",
                Map.of("rule", RULE, "registry", REGISTRY, "class", "unauthorized", "test", "true"),
                Map.of("summary", SUMMARY,
                        "description", "Sent on request to check that this receiver is configured correctly."),
                42, 10, Duration.ofMinutes(5), now.minusSeconds(120), Optional.empty(),
                Optional.of(now.minusSeconds(420)), Optional.of(now.minusSeconds(60)),
                List.of(new Contributor("ci-build-sp (test)", 30), new Contributor("11111111-2222-3333-4444-555555555555", 12)),
                List.of(new Contributor("203.0.113.7", 40), new Contributor("198.51.100.2", 2)),
                List.of(new Contributor("team/api", 41)),
                Optional.of("ContainerRegistryLoginEvents\n| where LoginServer == \"" + REGISTRY + "\""
                        + " and ResultDescription == \"401\"\n| summarize count() by Identity, CallerIpAddress"));
        // A fresh dedup key: receivers that deduplicate (Alertmanager) must not drop a second test.
        return new Notification("test-notify-" + UUID.randomUUID(), receiver,
                "{}:{registry=\"" + REGISTRY + "\",test=\"true\"}", Map.of("registry", REGISTRY, "test", "true"),
                List.of(alert), now);
    }
}
