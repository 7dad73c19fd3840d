package dev.acrwatch.source.loganalytics;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Renders values as KQL literals that cannot change the shape of the query they are put into.
 * Characters KQL has no documented escape for are rejected rather than guessed at.
 */
public final class KqlLiterals {

    private static final DateTimeFormatter DATETIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    // A DNS name: dot-separated labels of letters, digits and inner hyphens, at least two labels.
    private static final Pattern DNS_NAME = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+");

    private static final String OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern IPV4_CIDR = Pattern.compile(
            OCTET + "\\." + OCTET + "\\." + OCTET + "\\." + OCTET + "/(?:3[0-2]|[12]?[0-9])");

    private static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.9999999Z");

    private KqlLiterals() {}

    /** {@code datetime(2026-11-23T21:00:00.0000000Z)}; KQL keeps 100 ns ticks, so finer instants are refused. */
    public static String datetime(Instant t) {
        if (t.isBefore(MIN) || t.isAfter(MAX)) {
            throw new IllegalArgumentException("KQL datetime: expected a year between 1 and 9999, found " + t);
        }
        if (t.getNano() % 100 != 0) {
            // Truncating would move an interval bound and count a row twice or never.
            throw new IllegalArgumentException("KQL datetime: expected at most 100 ns precision, found " + t);
        }
        return "datetime(" + DATETIME.format(t) + ")";
    }

    /** A double-quoted string literal with backslash, quote, tab, CR and LF escaped. */
    public static String string(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else if (isForbidden(c)) {
                        throw new IllegalArgumentException(String.format(Locale.ROOT,
                                "KQL string: character U+%04X at index %d has no KQL escape", (int) c, i));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** Comma-separated string literals, for {@code in (...)}; at least one value. */
    public static String stringList(List<String> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("KQL string list: expected at least one value");
        }
        return values.stream().map(KqlLiterals::string).collect(Collectors.joining(", "));
    }

    /** The login server in lower case, or an exception when it is not a DNS name. */
    public static String loginServer(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!DNS_NAME.matcher(lower).matches()) {
            throw new IllegalArgumentException(
                    "expected a login server like myregistry.azurecr.io, found " + quoteForMessage(name));
        }
        return lower;
    }

    /** The range unchanged, or an exception when it is not {@code a.b.c.d/n} with n from 0 to 32. */
    public static String ipv4Cidr(String cidr) {
        if (!IPV4_CIDR.matcher(cidr).matches()) {
            throw new IllegalArgumentException(
                    "expected an IPv4 range like 10.240.1.0/24, found " + quoteForMessage(cidr));
        }
        return cidr;
    }

    /** A value quoted for an error message: escaped, control characters visible, cut at 80 chars. */
    public static String quoteForMessage(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        int limit = Math.min(s.length(), 80);
        for (int i = 0; i < limit; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || isForbidden(c)) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > limit) {
            b.append("…");
        }
        return b.append('"').toString();
    }

    // Control characters, lone surrogates, and the invisible line/bidi controls that would make a
    // pasted query read differently from what runs.
    private static boolean isForbidden(char c) {
        return Character.isISOControl(c)
                || Character.isSurrogate(c)
                || c == '\u2028' || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200e' || c == '\u200f' || c == '\ufeff';
    }
}
