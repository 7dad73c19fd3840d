package dev.acrwatch.source.export;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/** TimeGenerated as the exports write it: ISO 8601, or the portal's {@code 11/23/2026, 10:03:00.123 AM} (UTC). */
final class ExportDates {

    static final String EXPECTED = "expected a date like 2026-11-23T10:03:00Z or 11/23/2026, 10:03:00 AM";

    private static final DateTimeFormatter PORTAL = new DateTimeFormatterBuilder()
            .appendPattern("M/d/yyyy, h:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .appendLiteral(' ')
            .appendPattern("a")
            .toFormatter(Locale.US);

    private static final DateTimeFormatter ISO_NO_ZONE = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .toFormatter(Locale.ROOT);

    private ExportDates() {}

    /**
     * Parses dates of one file. Exports hold thousands of rows per minute, so the date up to the seconds is
     * parsed once per minute (by {@link #parse(String)}, with all its checks) and the seconds and fraction by
     * hand; anything of another shape goes to {@link #parse(String)} whole. Not thread-safe.
     */
    static final class Parser {
        private static final long INVALID = Long.MIN_VALUE;

        /** The last minute parsed: the text before the seconds, the text after them, its epoch second. */
        private String prefix;
        private String suffix;
        private long minuteSecond;
        private Instant minute;

        /** The instant, or null when the text is not one of the known forms. */
        Instant parse(String text) {
            return parse((CharSequence) text);
        }

        /**
         * As {@link #parse(String)}; {@code text} may be a view of a read buffer (it is not kept: a String is made
         * of it only for a minute not seen before or a date of another shape).
         */
        Instant parse(CharSequence text) {
            // As String.strip(): whitespace characters are all in the BMP.
            int from = 0;
            int to = text.length();
            while (from < to && Character.isWhitespace(text.charAt(from))) {
                from++;
            }
            while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
                to--;
            }
            int colon = to - 1;
            while (colon >= from && text.charAt(colon) != ':') {
                colon--;
            }
            if (colon - 3 < from || colon + 2 >= to || text.charAt(colon - 3) != ':'
                    || !digit(text.charAt(colon - 2)) || !digit(text.charAt(colon - 1))
                    || !digit(text.charAt(colon + 1)) || !digit(text.charAt(colon + 2))) {
                return slow(text, from, to);
            }
            int second = (text.charAt(colon + 1) - '0') * 10 + (text.charAt(colon + 2) - '0');
            int i = colon + 3;
            int nanos = 0;
            if (i < to && text.charAt(i) == '.') {
                int digits = 0;
                int j = i + 1;
                while (j < to && digit(text.charAt(j)) && digits < 9) {
                    nanos = nanos * 10 + (text.charAt(j) - '0');
                    digits++;
                    j++;
                }
                if (digits == 0) {
                    return slow(text, from, to);
                }
                for (int k = digits; k < 9; k++) {
                    nanos *= 10;
                }
                i = j;
            }
            if (second > 59 || (i < to && (digit(text.charAt(i)) || text.charAt(i) == '.'))) {
                return slow(text, from, to);
            }
            // The cached minute's text passed knownShape, which looks at the text before and after the seconds only.
            if (prefix == null || !same(text, from, colon + 1, prefix) || !same(text, i, to, suffix)) {
                String s = text.subSequence(from, to).toString();
                int c = colon - from;
                int x = i - from;
                if (!knownShape(s, c, x)) {
                    return slow(s);
                }
                String p = s.substring(0, c + 1);
                String q = s.substring(x);
                Optional<Instant> m = ExportDates.parse(p + "00" + q);
                if (m.isPresent() && (m.get().getEpochSecond() % 60 != 0 || m.get().getNano() != 0)) {
                    return slow(s);
                }
                prefix = p;
                suffix = q;
                minute = m.orElse(null);
                minuteSecond = m.isPresent() ? m.get().getEpochSecond() : INVALID;
            }
            if (minuteSecond == INVALID) {
                return null;
            }
            return second == 0 && nanos == 0 ? minute : Instant.ofEpochSecond(minuteSecond + second, nanos);
        }

        private static boolean same(CharSequence text, int from, int to, String s) {
            if (to - from != s.length()) {
                return false;
            }
            for (int k = 0; k < s.length(); k++) {
                if (text.charAt(from + k) != s.charAt(k)) {
                    return false;
                }
            }
            return true;
        }

        private static Instant slow(CharSequence text, int from, int to) {
            return slow(text.subSequence(from, to).toString());
        }

        /** {@code t} truncated to the minute: the cached instant when it is that minute. */
        Instant minuteOf(Instant t) {
            long sec = t.getEpochSecond();
            if (minute != null && sec >= minuteSecond && sec < minuteSecond + 60) {
                return minute;
            }
            return t.truncatedTo(ChronoUnit.MINUTES);
        }

        private static Instant slow(String s) {
            return ExportDates.parse(s).orElse(null);
        }

        /**
         * Whether the two digits after the last colon are the seconds of the portal form ({@code …, h:mm:ss AM}) or
         * of ISO without an offset ({@code yyyy-MM-ddTHH:mm:ss}, optionally {@code Z}), and the instant moves with
         * them alone. An hour of 24 goes the slow way: {@code T24:00:00} is the next midnight, {@code T24:00:01}
         * no time.
         */
        private static boolean knownShape(String s, int colon, int suffixStart) {
            int x = s.length() - suffixStart;
            if (x == 3 && s.charAt(suffixStart) == ' ' && s.indexOf('/') > 0) {
                char a = s.charAt(suffixStart + 1);
                char m = s.charAt(suffixStart + 2);
                return (a == 'A' || a == 'a' || a == 'P' || a == 'p') && (m == 'M' || m == 'm');
            }
            if (x > 1 || (x == 1 && s.charAt(suffixStart) != 'Z' && s.charAt(suffixStart) != 'z') || colon != 16) {
                return false;
            }
            return digit(s.charAt(0)) && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(13) == ':'
                    && digit(s.charAt(11)) && digit(s.charAt(12))
                    && (s.charAt(11) - '0') * 10 + (s.charAt(12) - '0') <= 23;
        }

        private static boolean digit(char c) {
            return c >= '0' && c <= '9';
        }
    }

    /** The instant, or empty when the text is not one of the known forms. */
    static Optional<Instant> parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (s.indexOf('/') > 0) {
                return Optional.of(LocalDateTime.parse(s.toUpperCase(Locale.ROOT), PORTAL).toInstant(ZoneOffset.UTC));
            }
            if (s.endsWith("Z") || s.endsWith("z") || hasOffset(s)) {
                return Optional.of(OffsetDateTime.parse(s.replace(' ', 'T')).toInstant());
            }
            // The portal writes UTC without a zone in some exports.
            return Optional.of(LocalDateTime.parse(s, ISO_NO_ZONE).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static boolean hasOffset(String s) {
        int t = s.indexOf('T');
        if (t < 0) {
            t = s.indexOf(' ');
        }
        return t > 0 && (s.indexOf('+', t) > 0 || s.indexOf('-', t) > 0);
    }
}
