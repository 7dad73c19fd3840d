package dev.acrwatch.notify.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrwatch.alert.Notification;
import dev.acrwatch.notify.DeliveryResult;
import dev.acrwatch.notify.FailureReason;
import dev.acrwatch.notify.HttpDelivery;
import dev.acrwatch.notify.MessageModel;
import dev.acrwatch.notify.Notifier;
import dev.acrwatch.notify.NotifierDeps;
import dev.acrwatch.notify.WebhookReceiver;
import dev.acrwatch.config.Secret;
import java.util.List;
import java.util.Map;

/** POSTs the versioned JSON payload ({@link WebhookPayload}) to a generic HTTP endpoint. */
public final class WebhookNotifier implements Notifier {

    private final WebhookReceiver config;
    private final MessageModel model;
    private final HttpDelivery http;
    private final ObjectMapper json = new ObjectMapper();
    private final WebhookPayload payload = new WebhookPayload(json);

    public WebhookNotifier(WebhookReceiver config, NotifierDeps deps) {
        this.config = config;
        this.model = new MessageModel(deps);
        this.http = new HttpDelivery("webhook receiver \"" + config.name() + "\"", config.timeouts(), deps.clock(),
                config.bearerToken().map(Secret::reveal).map(List::of).orElse(List.of()));
    }

    @Override
    public DeliveryResult send(Notification n) {
        String body;
        try {
            body = json.writeValueAsString(payload.build(n, config.name(), model.views(n)));
        } catch (JsonProcessingException e) {
            return DeliveryResult.failed(FailureReason.CLIENT_ERROR, false,
                    "webhook receiver \"" + config.name() + "\": cannot encode payload");
        }
        Map<String, String> headers = config.bearerToken()
                .map(t -> Map.of("Authorization", "Bearer " + t.reveal()))
                .orElse(Map.of());
        return http.postJson(config.url(), body, headers);
    }
}
