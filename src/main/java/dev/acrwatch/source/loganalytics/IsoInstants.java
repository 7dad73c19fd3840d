package dev.acrwatch.source.loganalytics;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads the datetimes of query results. The service writes UTC as {@code 2026-11-23T21:00:40.5Z}; that
 * shape is read by hand (a result can hold a million of them, and {@code OffsetDateTime.parse} costs
 * about a microsecond each); anything else ISO 8601 with an offset goes through {@code OffsetDateTime}.
 */
final class IsoInstants {

    private IsoInstants() {}

    /** The instant, or null when {@code text} is not an ISO 8601 datetime with an offset. */
    static Instant parse(String text) {
        Instant fast = utc(text);
        if (fast != null) {
            return fast;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} (1 to 9 fraction digits), or null for any other shape. */
    private static Instant utc(String s) {
        int len = s.length();
        if (len < 20 || s.charAt(len - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        int nanos = 0;
        if (len > 20) {
            int fraction = len - 21; // between '.' and 'Z'
            if (s.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            nanos = digits(s, 20, len - 1);
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        }
        if ((year | month | day | hour | minute | second | nanos) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        try {
            long days = LocalDate.of(year, month, day).toEpochDay(); // validates month and day
            return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal number in {@code s[from, to)}, or -1 when a character there is not a digit. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
