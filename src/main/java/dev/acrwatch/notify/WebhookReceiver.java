package dev.acrwatch.notify;

import dev.acrwatch.config.Secret;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/** A generic HTTP endpoint receiving the versioned JSON payload, optionally with a bearer token. */
public record WebhookReceiver(
        String name, boolean sendResolved, URI url, Optional<Secret> bearerToken, Timeouts timeouts)
        implements ReceiverConfig {

    public WebhookReceiver {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(bearerToken, "bearerToken");
        Objects.requireNonNull(timeouts, "timeouts");
    }

    public WebhookReceiver(String name, URI url) {
        this(name, true, url, Optional.empty(), Timeouts.DEFAULT);
    }
}
