package dev.acrwatch.notify.alertmanager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acrwatch.alert.AlertSnapshot;
import dev.acrwatch.alert.Notification;
import dev.acrwatch.notify.AlertView;
import dev.acrwatch.notify.AlertmanagerReceiver;
import dev.acrwatch.notify.DeliveryResult;
import dev.acrwatch.notify.FailureReason;
import dev.acrwatch.notify.HttpDelivery;
import dev.acrwatch.notify.MessageModel;
import dev.acrwatch.notify.Notifier;
import dev.acrwatch.notify.NotifierDeps;
import dev.acrwatch.notify.Runbooks;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Posts alerts to Alertmanager's {@code /api/v2/alerts}. A firing alert gets {@code endsAt = now + 3 × evaluation
 * interval}: Alertmanager resolves it by itself if acr-watch stops re-sending (crash, partition), but not between two
 * regular re-sends. A resolved alert gets {@code endsAt} = its resolve time.
 */
public final class AlertmanagerNotifier implements Notifier {

    /** How many evaluation intervals a firing alert stays valid without a re-send. */
    public static final int RESEND_HORIZON_INTERVALS = 3;

    private final AlertmanagerReceiver config;
    private final NotifierDeps deps;
    private final MessageModel model;
    private final HttpDelivery http;
    private final ObjectMapper json = new ObjectMapper();

    public AlertmanagerNotifier(AlertmanagerReceiver config, NotifierDeps deps) {
        this.config = config;
        this.deps = deps;
        this.model = new MessageModel(deps);
        this.http = new HttpDelivery("alertmanager receiver \"" + config.name() + "\"", config.timeouts(),
                deps.clock(), List.of());
    }

    @Override
    public DeliveryResult send(Notification n) {
        String body;
        try {
            body = json.writeValueAsString(payload(model.views(n)));
        } catch (JsonProcessingException e) {
            return DeliveryResult.failed(FailureReason.CLIENT_ERROR, false,
                    "alertmanager receiver \"" + config.name() + "\": cannot encode alerts");
        }
        String base = config.url().toString().replaceAll("/+$", "");
        return http.postJson(URI.create(base + "/api/v2/alerts"), body, Map.of());
    }

    ArrayNode payload(List<AlertView> views) {
        ArrayNode array = json.createArrayNode();
        Instant now = deps.clock().instant();
        Duration horizon = deps.evaluationInterval().multipliedBy(RESEND_HORIZON_INTERVALS);
        for (AlertView v : views) {
            AlertSnapshot a = v.snapshot();
            ObjectNode o = array.addObject();
            ObjectNode labels = o.putObject("labels");
            Map<String, String> l = new TreeMap<>();
            a.labels().forEach((k, val) -> l.put(labelName(k), val));
            l.put("alertname", v.rule());
            if (!v.loginServer().isEmpty()) {
                l.put("registry", v.loginServer());
            }
            l.put("class", v.failureClass());
            l.put("severity", v.severity());
            l.forEach(labels::put);
            ObjectNode ann = o.putObject("annotations");
            new TreeMap<>(a.annotations()).forEach(ann::put);
            ann.put("summary", MessageModel.headline(v));
            ann.put("description", description(v));
            ann.put("runbook", Runbooks.text(v));
            v.runbookUrl().ifPresent(u -> ann.put("runbook_url", u));
            v.kql().ifPresent(k -> ann.put("kql", k));
            o.put("startsAt", a.startsAt().toString());
            Instant ends = v.firing() ? now.plus(horizon) : a.endsAt().orElse(now);
            o.put("endsAt", ends.toString());
            v.grafanaUrl().ifPresent(u -> o.put("generatorURL", u));
        }
        return array;
    }

    private static String description(AlertView v) {
        StringBuilder b = new StringBuilder(v.summary());
        v.firstSeen().ifPresent(t -> b.append("\nfirst seen ").append(t));
        v.lastSeen().ifPresent(t -> b.append("\nlast seen ").append(t));
        top(b, "top identities", v.topIdentities());
        top(b, "top caller IPs", v.topCallerIps());
        top(b, "top repositories", v.topRepositories());
        return b.toString();
    }

    private static void top(StringBuilder b, String title, List<dev.acrwatch.alert.Contributor> list) {
        if (!list.isEmpty()) {
            b.append('\n').append(title).append(": ");
            b.append(String.join(", ", list.stream().map(c -> c.value() + " (" + c.count() + ")").toList()));
        }
    }

    /** Alertmanager label names must match [a-zA-Z_][a-zA-Z0-9_]*. */
    static String labelName(String k) {
        String s = k.replaceAll("[^a-zA-Z0-9_]", "_");
        return s.isEmpty() || Character.isDigit(s.charAt(0)) ? "_" + s : s;
    }
}
