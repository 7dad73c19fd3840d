package dev.acrwatch.notify.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acrwatch.alert.AlertSnapshot;
import dev.acrwatch.alert.Contributor;
import dev.acrwatch.alert.Notification;
import dev.acrwatch.notify.AlertView;
import dev.acrwatch.notify.Runbooks;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The generic webhook body, schema version "1". Fields are only ever added within a version; a removal or a change of
 * meaning bumps {@code version}.
 *
 * <pre>
 * {
 *   "version": "1",
 *   "status": "firing" | "resolved",         // firing if any alert fires
 *   "receiver": "ops-webhook",
 *   "groupKey": "...", "dedupKey": "...",
 *   "groupLabels": {"registry": "myreg.azurecr.io", ...},
 *   "alerts": [{
 *     "status": "firing" | "resolved",
 *     "labels": {"rule": ..., "registry": ..., "class": ..., ...},
 *     "annotations": {"summary": "42 unauthorized (401) requests in 5m, threshold 10", ...},
 *     "ruleType": "threshold", "severity": "critical",
 *     "value": 42, "threshold": 10, "window": "5m", "windowSeconds": 300,
 *     "startsAt": "2026-11-23T21:00:00Z", "endsAt": null | "...",
 *     "firstSeen": null | "...", "lastSeen": null | "...",
 *     "topIdentities": [{"value": "...", "count": 12}], "topCallerIps": [...], "topRepositories": [...],
 *     "runbook": "plain-text runbook with commands",
 *     "runbookUrl": "https://..."   (only when configured),
 *     "kql": "..."                   (only when known),
 *     "grafanaUrl": "https://..."   (only when configured)
 *   }]
 * }
 * </pre>
 * Log-derived strings are passed as they are (JSON escaping only): the consumer escapes for its own output.
 */
final class WebhookPayload {

    static final String VERSION = "1";

    private final ObjectMapper json;

    WebhookPayload(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode build(Notification n, String receiver, List<AlertView> views) {
        ObjectNode root = json.createObjectNode();
        root.put("version", VERSION);
        root.put("status", n.status().label());
        root.put("receiver", receiver);
        root.put("groupKey", n.groupKey());
        root.put("dedupKey", n.dedupKey());
        map(root.putObject("groupLabels"), n.groupLabels());
        ArrayNode alerts = root.putArray("alerts");
        for (AlertView v : views) {
            AlertSnapshot a = v.snapshot();
            ObjectNode o = alerts.addObject();
            o.put("status", a.status().label());
            map(o.putObject("labels"), a.labels());
            Map<String, String> annotations = new TreeMap<>(a.annotations());
            annotations.putIfAbsent("summary", v.summary());
            map(o.putObject("annotations"), annotations);
            o.put("rule", v.rule());
            o.put("ruleType", a.ruleType());
            o.put("severity", v.severity());
            o.put("value", a.value());
            o.put("threshold", a.threshold());
            o.put("window", v.windowText());
            o.put("windowSeconds", a.window() == null ? 0 : a.window().getSeconds());
            time(o, "startsAt", Optional.ofNullable(a.startsAt()));
            time(o, "endsAt", a.endsAt());
            time(o, "firstSeen", a.firstSeen());
            time(o, "lastSeen", a.lastSeen());
            contributors(o.putArray("topIdentities"), v.topIdentities());
            contributors(o.putArray("topCallerIps"), v.topCallerIps());
            contributors(o.putArray("topRepositories"), v.topRepositories());
            o.put("runbook", Runbooks.text(v));
            v.runbookUrl().ifPresent(u -> o.put("runbookUrl", u));
            v.kql().ifPresent(k -> o.put("kql", k));
            v.grafanaUrl().ifPresent(u -> o.put("grafanaUrl", u));
        }
        return root;
    }

    private static void map(ObjectNode target, Map<String, String> values) {
        new TreeMap<>(values).forEach(target::put);
    }

    private static void time(ObjectNode o, String field, Optional<Instant> t) {
        if (t.isPresent()) {
            o.put(field, t.get().toString());
        } else {
            o.putNull(field);
        }
    }

    private static void contributors(ArrayNode target, List<Contributor> list) {
        for (Contributor c : list) {
            target.addObject().put("value", c.value()).put("count", c.count());
        }
    }
}
