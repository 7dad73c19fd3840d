package dev.acrwatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.acrwatch.alert.LabelMatcher;
import dev.acrwatch.config.Durations;
import dev.acrwatch.rule.InvalidRuleException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Reads and checks the bodies of silence requests; every problem names the field and the value. */
final class SilenceRequests {

    static final int MAX_MATCHERS = 32;
    static final int MAX_NAME = 100;
    static final int MAX_TEXT = 2000;
    private static final Set<String> CREATE_FIELDS = Set.of("matchers", "startsAt", "endsAt", "duration",
            "createdBy", "comment");

    private SilenceRequests() {}

    /** A checked create request; {@code startsAt} null means now. */
    record Create(List<LabelMatcher> matchers, Instant startsAt, Instant endsAt, String createdBy, String comment) {}

    static Create create(JsonNode body, Instant now) throws ApiException {
        if (body == null || !body.isObject()) {
            throw new ApiException(400, "body: expected a JSON object like {\"matchers\":[\"registry=x.azurecr.io\"],"
                    + " \"duration\":\"2h\", \"createdBy\":\"jane\", \"comment\":\"why\"}");
        }
        List<String> problems = new ArrayList<>();
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!CREATE_FIELDS.contains(f)) {
                problems.add(quote(f) + ": unknown field; expected one of matchers, startsAt, endsAt, duration,"
                        + " createdBy, comment");
            }
        }
        List<LabelMatcher> matchers = matchers(body.get("matchers"), problems);
        Instant startsAt = instant(body, "startsAt", problems);
        Instant endsAt = instant(body, "endsAt", problems);
        Duration duration = duration(body.get("duration"), problems);
        if (endsAt != null && duration != null) {
            problems.add("duration: give endsAt or duration, not both");
        } else if (endsAt == null && duration == null && !body.has("endsAt") && !body.has("duration")) {
            problems.add("endsAt: required (or duration, e.g. \"2h\")");
        }
        if (duration != null) {
            endsAt = (startsAt == null ? now : startsAt).plus(duration);
        }
        String createdBy = text(body, "createdBy", MAX_NAME, "say who creates the silence", problems);
        String comment = text(body, "comment", MAX_TEXT, "say why the alerts are silenced", problems);
        if (!problems.isEmpty()) {
            throw new ApiException(400, String.join("; ", problems));
        }
        return new Create(matchers, startsAt, endsAt, createdBy, comment);
    }

    /** Who expires a silence and why, both required. */
    record Expire(String by, String reason) {}

    static Expire expire(String by, String reason) throws ApiException {
        List<String> problems = new ArrayList<>();
        String b = required("by", by, MAX_NAME, "say who expires the silence", problems);
        String r = required("reason", reason, MAX_TEXT, "say why the silence ends early", problems);
        if (!problems.isEmpty()) {
            throw new ApiException(400, String.join("; ", problems));
        }
        return new Expire(b, r);
    }

    private static List<LabelMatcher> matchers(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            problems.add("matchers: required, e.g. [\"registry=myreg.azurecr.io\", \"class=~unauthorized|forbidden\"]");
            return List.of();
        }
        if (!node.isArray() || node.isEmpty()) {
            problems.add("matchers: expected a non-empty list of strings like [\"registry=myreg.azurecr.io\"], found "
                    + clip(node.toString()));
            return List.of();
        }
        if (node.size() > MAX_MATCHERS) {
            problems.add("matchers: at most " + MAX_MATCHERS + " matchers, found " + node.size());
            return List.of();
        }
        List<LabelMatcher> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode m = node.get(i);
            String where = "matchers[" + i + "]: ";
            if (!m.isTextual()) {
                problems.add(where + "expected a string like \"registry=myreg.azurecr.io\", found " + clip(m.toString()));
                continue;
            }
            try {
                out.add(LabelMatcher.parse(m.asText()));
            } catch (InvalidRuleException e) {
                String detail = e.getMessage().substring(e.field().length() + 2);
                problems.add(where + (detail.startsWith("invalid regular expression") ? detail
                        : "expected label=value, label!=value, label=~regex or label!~regex, found "
                        + quote(m.asText())));
            }
        }
        return out;
    }

    private static Instant instant(JsonNode body, String field, List<String> problems) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        try {
            if (n.isTextual()) {
                return Instant.parse(n.asText());
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        problems.add(field + ": expected an instant like 2026-11-23T21:00:00Z, found " + clip(n.toString()));
        return null;
    }

    private static Duration duration(JsonNode n, List<String> problems) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            Duration d = Durations.parse(n.asText()).orElse(null);
            if (d != null && !d.isZero()) {
                return d;
            }
        }
        problems.add("duration: expected a positive duration like 2h or 30m, found " + clip(n.toString()));
        return null;
    }

    private static String text(JsonNode body, String field, int max, String hint, List<String> problems) {
        JsonNode n = body.get(field);
        if (n != null && !n.isNull() && !n.isTextual()) {
            problems.add(field + ": expected a string, found " + clip(n.toString()));
            return null;
        }
        return required(field, n == null || n.isNull() ? null : n.asText(), max, hint, problems);
    }

    private static String required(String field, String value, int max, String hint, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add(field + ": required: " + hint);
            return null;
        }
        if (value.length() > max) {
            problems.add(field + ": at most " + max + " characters, found " + value.length());
            return null;
        }
        return value.strip();
    }

    /** The value in quotes, control characters shown as escapes, cut when long: for error messages only. */
    static String quote(String s) {
        return clip("\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    }

    private static String clip(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 120; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return s.length() > 120 ? b + "…" : b.toString();
    }
}
