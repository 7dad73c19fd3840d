package dev.acrwatch.notify;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What every notifier shares.
 *
 * @param runbookBaseUrl     where the runbooks are published (a {@code <class>.md} is appended), if anywhere
 * @param evaluationInterval how often rules are evaluated; Alertmanager alerts expire after 3× this unless re-sent
 */
public record NotifierDeps(
        Clock clock, Optional<GrafanaLink> grafana, Optional<URI> runbookBaseUrl, Duration evaluationInterval) {

    public NotifierDeps {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(grafana, "grafana");
        Objects.requireNonNull(runbookBaseUrl, "runbookBaseUrl");
        Objects.requireNonNull(evaluationInterval, "evaluationInterval");
    }

    public static NotifierDeps defaults(Clock clock) {
        return new NotifierDeps(clock, Optional.empty(), Optional.empty(), Duration.ofMinutes(1));
    }
}
