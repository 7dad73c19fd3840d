package dev.acrwatch.rule;

import java.util.Map;
import java.util.SortedMap;

/** Canonical text form of a group's labels, used in state keys and dedup keys. */
public final class GroupKey {

    private GroupKey() {}

    /**
     * {@code k=v,k=v} over sorted labels; '\', ',' and '=' in values are escaped, because values come
     * from logs and must not be able to make two different groups encode the same.
     */
    public static String encode(SortedMap<String, String> labels) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            escape(sb, e.getKey());
            sb.append('=');
            escape(sb, e.getValue());
        }
        return sb.toString();
    }

    private static void escape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == ',' || c == '=') {
                sb.append('\\');
            }
            sb.append(c);
        }
    }
}
