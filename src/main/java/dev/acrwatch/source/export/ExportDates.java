package dev.acrwatch.source.export;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
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
