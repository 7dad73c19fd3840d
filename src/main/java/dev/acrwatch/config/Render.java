package dev.acrwatch.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.regex.Pattern;

/** How key paths and offending values appear in problem messages. */
final class Render {

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(secret|password|token|credential).*");
    private static final int MAX_SHOWN = 200;

    private Render() {}

    static String keyPath(String parent, String key) {
        String k = PLAIN_KEY.matcher(key).matches() ? key : "[" + quote(key) + "]";
        return parent.isEmpty() || k.startsWith("[") ? parent + k : parent + "." + k;
    }

    /** How a bad value is shown: quoted text, a number, or its kind; never a secret's content. */
    static String describe(String key, JsonNode v) {
        if (!v.isValueNode()) {
            return "a " + typeName(v);
        }
        if (isSecretKey(key)) {
            return "a value of type " + typeName(v);
        }
        return v.isTextual() ? quote(v.textValue()) : v.asText();
    }

    static String describe(String key, String text) {
        return isSecretKey(key) ? "a value that is not shown because it may be secret" : quote(text);
    }

    static boolean isSecretKey(String key) {
        return SECRET_KEY.matcher(key).matches() && !key.endsWith("_file");
    }

    static String typeName(JsonNode v) {
        return switch (v.getNodeType()) {
            case OBJECT -> "map";
            case ARRAY -> "list";
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            default -> v.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    /** Double-quoted, escaped and shortened, so a value can never forge another output line. */
    static String quote(String s) {
        String shown = s.length() > MAX_SHOWN ? s.substring(0, MAX_SHOWN) + "…" : s;
        StringBuilder out = new StringBuilder("\"");
        for (char c : shown.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
