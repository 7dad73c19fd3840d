package dev.acrwatch.metrics;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns values read from logs into label values. Every distinct label value is a new time
 * series that Prometheus keeps in memory for hours, and these values are attacker-controlled
 * (anyone who can reach the registry chooses what gets logged), so each label is either
 * forced into a small set or — for the top-N gauges only — truncated and counted in a bounded top.
 */
final class Labels {

    static final String OTHER = "other";
    static final String ANONYMOUS = "(anonymous)";
    static final int MAX_CALLER_LABEL = 128;

    private static final Pattern STATUS = Pattern.compile("[0-9]{3}");
    // Real ACR operations are short words (Pull, Push, Delete, Untag, purge…); anything else is noise.
    private static final Pattern OPERATION = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    // A login server is a DNS name; a garbage value must not mint a series per request.
    private static final Pattern REGISTRY = Pattern.compile("[a-z0-9][a-z0-9.-]{0,252}");

    private Labels() {}

    static String status(String status) {
        String s = status.strip();
        return STATUS.matcher(s).matches() ? s : OTHER;
    }

    static String operation(String operation) {
        String s = operation.strip();
        return OPERATION.matcher(s).matches() ? s : OTHER;
    }

    static String registry(String loginServer) {
        String s = loginServer.strip().toLowerCase(Locale.ROOT);
        return REGISTRY.matcher(s).matches() ? s : OTHER;
    }

    /** Identity for the top-N gauge: empty means the caller sent no credentials. */
    static String identity(String identity) {
        return identity.isEmpty() ? ANONYMOUS : caller(identity);
    }

    /**
     * A caller value cut to {@value #MAX_CALLER_LABEL} code points with control characters
     * other than newline replaced: the exposition format escapes quotes, backslashes and
     * newlines, but a carriage return or escape sequence would still reach whoever reads the
     * scrape in a terminal.
     */
    static String caller(String value) {
        if (isPlainShort(value)) {
            return value; // the common case, without copying
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_CALLER_LABEL + 1));
        int[] cps = value.codePoints().limit(MAX_CALLER_LABEL + 1L).toArray();
        int keep = cps.length > MAX_CALLER_LABEL ? MAX_CALLER_LABEL - 1 : cps.length;
        for (int i = 0; i < keep; i++) {
            int cp = cps[i];
            boolean control = Character.isISOControl(cp) && cp != '\n';
            boolean loneSurrogate = cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE;
            out.appendCodePoint(control || loneSurrogate ? '?' : cp);
        }
        if (cps.length > MAX_CALLER_LABEL) {
            out.append('…');
        }
        return out.toString();
    }

    /** Short enough to keep whole and free of control characters and surrogates: {@link #caller} keeps it as is. */
    private static boolean isPlainShort(String value) {
        if (value.length() > MAX_CALLER_LABEL) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f) || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
