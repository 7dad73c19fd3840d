package dev.acrwatch.notify;

import java.net.URI;
import java.util.Objects;

/** A Prometheus Alertmanager; alerts are posted to {@code {url}/api/v2/alerts}. */
public record AlertmanagerReceiver(String name, boolean sendResolved, URI url, Timeouts timeouts)
        implements ReceiverConfig {

    public AlertmanagerReceiver {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(timeouts, "timeouts");
    }

    public AlertmanagerReceiver(String name, URI url) {
        this(name, true, url, Timeouts.DEFAULT);
    }
}
