package dev.acrwatch.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acrwatch.alert.AlertSnapshot;
import dev.acrwatch.alert.AlertStatus;
import dev.acrwatch.alert.Contributor;
import dev.acrwatch.alert.Notification;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link Notification} ⇄ JSON, the outbox's stored payload. The format is written field by field (no
 * reflection, no type information in the document) so it stays stable across refactors and a stored row can
 * never name a class to instantiate. Instants and durations are ISO-8601 strings, empty optionals are null,
 * non-finite numbers are the strings "NaN", "Infinity", "-Infinity".
 */
public final class NotificationJson {

    /** Bumped when the format changes incompatibly; decode refuses versions it does not know. */
    public static final int VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private NotificationJson() {
    }

    public static String encode(Notification n) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("v", VERSION);
        root.put("dedupKey", n.dedupKey());
        root.put("receiver", n.receiver());
        root.put("groupKey", n.groupKey());
        root.set("groupLabels", map(n.groupLabels()));
        root.put("createdAt", n.createdAt().toString());
        ArrayNode alerts = root.putArray("alerts");
        n.alerts().forEach(a -> alerts.add(alert(a)));
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("notification could not be written as JSON", e);
        }
    }

    /**
     * @throws IllegalArgumentException naming the field path, e.g. {@code alerts[0].startsAt: missing}
     */
    public static Notification decode(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            // the parser's message quotes the payload, which holds log values: keep only the position
            throw new IllegalArgumentException("notification JSON: not valid JSON at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("notification JSON: expected an object");
        }
        int version = required(root, "v", "").asInt(-1);
        if (version != VERSION) {
            throw new IllegalArgumentException("v: expected " + VERSION + ", found " + root.get("v"));
        }
        JsonNode alerts = required(root, "alerts", "");
        if (!alerts.isArray()) {
            throw new IllegalArgumentException("alerts: expected a list");
        }
        List<AlertSnapshot> snapshots = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            snapshots.add(alert(alerts.get(i), "alerts[" + i + "]."));
        }
        return new Notification(text(root, "dedupKey", ""), text(root, "receiver", ""), text(root, "groupKey", ""),
                map(root, "groupLabels", ""), snapshots, instant(root, "createdAt", ""));
    }

    private static ObjectNode alert(AlertSnapshot a) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("ruleName", a.ruleName());
        o.put("ruleType", a.ruleType());
        o.put("status", a.status().label());
        o.put("severity", a.severity());
        o.set("labels", map(a.labels()));
        o.set("annotations", map(a.annotations()));
        number(o, "value", a.value());
        number(o, "threshold", a.threshold());
        o.put("window", a.window().toString());
        o.put("startsAt", a.startsAt().toString());
        o.put("endsAt", a.endsAt().map(Instant::toString).orElse(null));
        o.put("firstSeen", a.firstSeen().map(Instant::toString).orElse(null));
        o.put("lastSeen", a.lastSeen().map(Instant::toString).orElse(null));
        o.set("topIdentities", contributors(a.topIdentities()));
        o.set("topCallerIps", contributors(a.topCallerIps()));
        o.set("topRepositories", contributors(a.topRepositories()));
        o.put("kql", a.kql().orElse(null));
        return o;
    }

    private static AlertSnapshot alert(JsonNode o, String at) {
        String status = text(o, "status", at);
        AlertStatus parsed = switch (status) {
            case "firing" -> AlertStatus.FIRING;
            case "resolved" -> AlertStatus.RESOLVED;
            default -> throw new IllegalArgumentException(at + "status: expected firing or resolved, found \""
                    + status + "\"");
        };
        return new AlertSnapshot(text(o, "ruleName", at), text(o, "ruleType", at), parsed, text(o, "severity", at),
                map(o, "labels", at), map(o, "annotations", at), number(o, "value", at), number(o, "threshold", at),
                parse(o, "window", at, Duration::parse), instant(o, "startsAt", at),
                optional(o, "endsAt", at, Instant::parse), optional(o, "firstSeen", at, Instant::parse),
                optional(o, "lastSeen", at, Instant::parse), contributors(o, "topIdentities", at),
                contributors(o, "topCallerIps", at), contributors(o, "topRepositories", at),
                optional(o, "kql", at, s -> s));
    }

    private static ObjectNode map(Map<String, String> m) {
        ObjectNode o = MAPPER.createObjectNode();
        m.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> o.put(e.getKey(), e.getValue()));
        return o;
    }

    private static Map<String, String> map(JsonNode parent, String field, String at) {
        JsonNode o = required(parent, field, at);
        if (!o.isObject()) {
            throw new IllegalArgumentException(at + field + ": expected an object of strings");
        }
        Map<String, String> m = new LinkedHashMap<>();
        o.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException(at + field + ": expected string values");
            }
            m.put(e.getKey(), e.getValue().asText());
        });
        return m;
    }

    private static ArrayNode contributors(List<Contributor> cs) {
        ArrayNode arr = MAPPER.createArrayNode();
        cs.forEach(c -> arr.addObject().put("value", c.value()).put("count", c.count()));
        return arr;
    }

    private static List<Contributor> contributors(JsonNode parent, String field, String at) {
        JsonNode arr = required(parent, field, at);
        if (!arr.isArray()) {
            throw new IllegalArgumentException(at + field + ": expected a list");
        }
        List<Contributor> out = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            String here = at + field + "[" + i + "].";
            JsonNode count = required(arr.get(i), "count", here);
            if (!count.canConvertToLong() || !count.isIntegralNumber()) {
                throw new IllegalArgumentException(here + "count: expected a whole number");
            }
            out.add(new Contributor(text(arr.get(i), "value", here), count.asLong()));
        }
        return out;
    }

    private static void number(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) {
            o.put(field, v);
        } else {
            o.put(field, Double.toString(v));
        }
    }

    private static double number(JsonNode parent, String field, String at) {
        JsonNode n = required(parent, field, at);
        if (n.isNumber()) {
            return n.asDouble();
        }
        return switch (n.asText()) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> throw new IllegalArgumentException(at + field + ": expected a number");
        };
    }

    private static Instant instant(JsonNode parent, String field, String at) {
        return parse(parent, field, at, Instant::parse);
    }

    private static <T> T parse(JsonNode parent, String field, String at, Function<String, T> parser) {
        String s = text(parent, field, at);
        try {
            return parser.apply(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(at + field + ": expected ISO-8601, found \"" + s + "\"");
        }
    }

    private static <T> Optional<T> optional(JsonNode parent, String field, String at, Function<String, T> parser) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        return Optional.of(parse(parent, field, at, parser));
    }

    private static String text(JsonNode parent, String field, String at) {
        JsonNode n = required(parent, field, at);
        if (!n.isTextual()) {
            throw new IllegalArgumentException(at + field + ": expected a string");
        }
        return n.asText();
    }

    private static JsonNode required(JsonNode parent, String field, String at) {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException(at + field + ": missing");
        }
        return n;
    }
}
