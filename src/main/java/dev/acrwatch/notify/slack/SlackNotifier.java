package dev.acrwatch.notify.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrwatch.alert.Notification;
import dev.acrwatch.notify.DeliveryResult;
import dev.acrwatch.notify.FailureReason;
import dev.acrwatch.notify.HttpDelivery;
import dev.acrwatch.notify.MessageModel;
import dev.acrwatch.notify.Notifier;
import dev.acrwatch.notify.NotifierDeps;
import dev.acrwatch.notify.SlackReceiver;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** Posts Block Kit messages to a Slack incoming webhook. */
public final class SlackNotifier implements Notifier {

    private final SlackReceiver config;
    private final MessageModel model;
    private final HttpDelivery http;
    private final SlackMessage message;

    public SlackNotifier(SlackReceiver config, NotifierDeps deps) {
        this.config = config;
        this.model = new MessageModel(deps);
        String url = config.webhookUrl().reveal();
        this.http = new HttpDelivery("slack receiver \"" + config.name() + "\"", config.timeouts(), deps.clock(),
                List.of(url, pathOf(url)));
        this.message = new SlackMessage(new ObjectMapper());
    }

    @Override
    public DeliveryResult send(Notification n) {
        String body;
        try {
            body = new ObjectMapper().writeValueAsString(message.build(n, model.views(n)));
        } catch (JsonProcessingException e) {
            return DeliveryResult.failed(FailureReason.CLIENT_ERROR, false,
                    "slack receiver \"" + config.name() + "\": cannot encode message");
        }
        URI uri;
        try {
            uri = URI.create(config.webhookUrl().reveal());
        } catch (IllegalArgumentException e) {
            // the exception text would contain the URL, i.e. the token
            return DeliveryResult.failed(FailureReason.CLIENT_ERROR, false,
                    "slack receiver \"" + config.name() + "\": webhook URL is not a valid URL");
        }
        return http.postJson(uri, body, Map.of());
    }

    private static String pathOf(String url) {
        try {
            String p = URI.create(url).getRawPath();
            return p == null ? "" : p;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
