package dev.acrwatch.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acrwatch.alert.RouterState;
import dev.acrwatch.rule.AlertIntent;
import dev.acrwatch.rule.IntentKind;
import dev.acrwatch.rule.RuleCommon;
import dev.acrwatch.rule.RuleResult;
import dev.acrwatch.rule.TopCount;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's state as one JSON document. An intent keeps only its rule's name: on reading, the rule is
 * looked up in the running config, so a node continues with the rules it has (an intent of a rule that
 * is gone is dropped, with a warning).
 */
public final class RouterStateJson {

    private static final Logger log = LoggerFactory.getLogger(RouterStateJson.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RouterStateJson() {
    }

    public static String encode(RouterState s) {
        ObjectNode o = MAPPER.createObjectNode();
        ArrayNode firing = o.putArray("firing");
        s.firing().forEach(i -> firing.add(intent(i)));
        ArrayNode held = o.putArray("held");
        s.held().forEach(h -> held.addObject().put("receiver", h.receiver()).set("intent", intent(h.intent())));
        ArrayNode told = o.putArray("told");
        s.told().forEach(told::add);
        ArrayNode groups = o.putArray("groups");
        for (RouterState.Group g : s.groups()) {
            ObjectNode go = groups.addObject();
            go.put("receiver", g.receiver());
            go.set("labels", labels(g.groupLabels()));
            ArrayNode pending = go.putArray("pending");
            g.pending().forEach(i -> pending.add(intent(i)));
            ArrayNode members = go.putArray("firingMembers");
            g.firingMembers().forEach(members::add);
            g.nextFlush().ifPresent(t -> go.put("nextFlush", t.toString()));
            g.lastFlush().ifPresent(t -> go.put("lastFlush", t.toString()));
        }
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("router state could not be written as JSON", e);
        }
    }

    /** @throws IllegalArgumentException when the document is not one {@link #encode} wrote */
    public static RouterState decode(String json, Function<String, Optional<RuleCommon>> rules) {
        JsonNode o;
        try {
            o = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("router_state: not JSON (" + e.getOriginalMessage() + ")");
        }
        try {
            List<AlertIntent> firing = intents(o.get("firing"), rules);
            List<RouterState.Held> held = new ArrayList<>();
            for (JsonNode h : o.get("held")) {
                intent(h.get("intent"), rules).ifPresent(i -> held.add(new RouterState.Held(h.get("receiver").asText(), i)));
            }
            Set<String> told = new TreeSet<>();
            o.get("told").forEach(t -> told.add(t.asText()));
            List<RouterState.Group> groups = new ArrayList<>();
            for (JsonNode g : o.get("groups")) {
                Set<String> members = new TreeSet<>();
                g.get("firingMembers").forEach(m -> members.add(m.asText()));
                groups.add(new RouterState.Group(g.get("receiver").asText(), labels(g.get("labels")),
                        intents(g.get("pending"), rules), members, instant(g, "nextFlush"), instant(g, "lastFlush")));
            }
            return new RouterState(firing, held, told, groups);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("router_state: unexpected document (" + e + ")", e);
        }
    }

    private static ObjectNode intent(AlertIntent i) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("dedupKey", i.dedupKey());
        o.put("kind", i.kind().name());
        o.put("repeat", i.repeatNumber());
        o.put("ruleType", i.ruleType());
        o.put("class", i.classLabel());
        o.put("rule", i.rule().name());
        o.put("episodeStart", i.episodeStart().toString());
        o.put("at", i.at().toString());
        RuleResult r = i.result();
        ObjectNode ro = o.putObject("result");
        ro.put("ruleName", r.ruleName());
        ro.put("ruleType", r.ruleType());
        ro.set("labels", labels(r.groupLabels()));
        ro.put("active", r.active());
        ro.put("value", Double.toString(r.value()));
        ro.put("threshold", Double.toString(r.threshold()));
        ro.put("window", r.window().toString());
        r.firstSeen().ifPresent(t -> ro.put("firstSeen", t.toString()));
        r.lastSeen().ifPresent(t -> ro.put("lastSeen", t.toString()));
        ro.set("topIdentities", tops(r.topIdentities()));
        ro.set("topCallerIps", tops(r.topCallerIps()));
        ro.set("topRepositories", tops(r.topRepositories()));
        return o;
    }

    private static List<AlertIntent> intents(JsonNode arr, Function<String, Optional<RuleCommon>> rules) {
        List<AlertIntent> out = new ArrayList<>();
        arr.forEach(n -> intent(n, rules).ifPresent(out::add));
        return out;
    }

    private static Optional<AlertIntent> intent(JsonNode o, Function<String, Optional<RuleCommon>> rules) {
        String ruleName = o.get("rule").asText();
        Optional<RuleCommon> rule = rules.apply(ruleName);
        if (rule.isEmpty()) {
            log.warn("router state: dropping an alert of rule \"{}\", which is no longer configured", ruleName);
            return Optional.empty();
        }
        JsonNode r = o.get("result");
        RuleResult result = new RuleResult(r.get("ruleName").asText(), r.get("ruleType").asText(),
                labels(r.get("labels")), r.get("active").asBoolean(), Double.parseDouble(r.get("value").asText()),
                Double.parseDouble(r.get("threshold").asText()), Duration.parse(r.get("window").asText()),
                instant(r, "firstSeen"), instant(r, "lastSeen"), tops(r.get("topIdentities")),
                tops(r.get("topCallerIps")), tops(r.get("topRepositories")));
        return Optional.of(new AlertIntent(o.get("dedupKey").asText(), IntentKind.valueOf(o.get("kind").asText()),
                o.get("repeat").asInt(), o.get("ruleType").asText(), o.get("class").asText(), rule.get(),
                Instant.parse(o.get("episodeStart").asText()), Instant.parse(o.get("at").asText()), result));
    }

    private static ObjectNode labels(Map<String, String> m) {
        ObjectNode o = MAPPER.createObjectNode();
        m.forEach(o::put);
        return o;
    }

    private static TreeMap<String, String> labels(JsonNode o) {
        TreeMap<String, String> m = new TreeMap<>();
        o.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    private static ArrayNode tops(List<TopCount> tops) {
        ArrayNode a = MAPPER.createArrayNode();
        tops.forEach(t -> a.addObject().put("value", t.value()).put("count", t.count()));
        return a;
    }

    private static List<TopCount> tops(JsonNode a) {
        List<TopCount> out = new ArrayList<>();
        a.forEach(t -> out.add(new TopCount(t.get("value").asText(), t.get("count").asLong())));
        return out;
    }

    private static Optional<Instant> instant(JsonNode o, String field) {
        JsonNode n = o.get(field);
        return n == null || n.isNull() ? Optional.empty() : Optional.of(Instant.parse(n.asText()));
    }
}
