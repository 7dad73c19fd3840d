package dev.acrwatch.notify;

import dev.acrwatch.config.Secret;
import java.util.Objects;

/**
 * A Slack incoming webhook. The webhook URL carries the token in its path, so the whole URL is a {@link Secret}.
 */
public record SlackReceiver(String name, boolean sendResolved, Secret webhookUrl, Timeouts timeouts)
        implements ReceiverConfig {

    public SlackReceiver {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(webhookUrl, "webhookUrl");
        Objects.requireNonNull(timeouts, "timeouts");
    }

    public SlackReceiver(String name, Secret webhookUrl) {
        this(name, true, webhookUrl, Timeouts.DEFAULT);
    }
}
