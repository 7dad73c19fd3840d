package dev.acrwatch.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acrwatch.alert.LabelMatcher;
import dev.acrwatch.alert.Silence;
import dev.acrwatch.alert.SilenceChange;
import java.time.Instant;
import java.util.List;

/** The JSON shapes of the silences API. Values are written by Jackson, so log-controlled text is escaped. */
final class SilenceJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private SilenceJson() {}

    /** pending (starts later), active or expired, at {@code now}. */
    static String state(Silence s, Instant now) {
        if (s.isExpired(now)) {
            return "expired";
        }
        return s.isActive(now) ? "active" : "pending";
    }

    static ObjectNode silence(Silence s, Instant now) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", s.id());
        ArrayNode m = o.putArray("matchers");
        for (LabelMatcher lm : s.matchers()) {
            m.add(lm.toString());
        }
        o.put("startsAt", s.startsAt().toString());
        o.put("endsAt", s.endsAt().toString());
        o.put("createdBy", s.createdBy());
        o.put("comment", s.comment());
        o.put("state", state(s, now));
        return o;
    }

    static ArrayNode silences(List<Silence> list, Instant now) {
        ArrayNode a = MAPPER.createArrayNode();
        list.forEach(s -> a.add(silence(s, now)));
        return a;
    }

    static ArrayNode changes(List<SilenceChange> list, Instant now) {
        ArrayNode a = MAPPER.createArrayNode();
        for (SilenceChange c : list) {
            ObjectNode o = a.addObject();
            o.put("action", c.action());
            o.put("silenceId", c.silenceId());
            o.put("by", c.by());
            o.put("reason", c.reason());
            o.put("at", c.at().toString());
            o.set("silence", silence(c.silence(), now));
        }
        return a;
    }

    static ObjectNode error(String message) {
        return MAPPER.createObjectNode().put("error", message);
    }
}
