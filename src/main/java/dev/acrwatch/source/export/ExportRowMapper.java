package dev.acrwatch.source.export;

import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.LogTable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** Turns one exported record (column → text) into an {@link EventCount}, or says which column is wrong. */
final class ExportRowMapper {

    /** Either a row or the problem, without the file:line prefix (the reader adds it). */
    record Mapped(EventCount row, String problem) {
        static Mapped ok(EventCount row) {
            return new Mapped(row, null);
        }

        static Mapped bad(String problem) {
            return new Mapped(null, problem);
        }

        boolean isOk() {
            return row != null;
        }
    }

    private static final String[] COUNT_COLUMNS = {"count_", "Count", "count"};

    /** Column names as the portal writes them ({@code TimeGenerated [UTC]}) reduced to the schema name. */
    static String normalize(String header) {
        String h = header.replace("\uFEFF", "").strip();
        if (h.endsWith("[UTC]")) {
            h = h.substring(0, h.length() - "[UTC]".length()).strip();
        }
        return h;
    }

    /**
     * @param get the value of a normalized column name, or null when the record has no such column
     */
    Mapped map(Function<String, String> get) {
        String time = get.apply("TimeGenerated");
        if (time == null) {
            return Mapped.bad("TimeGenerated: missing");
        }
        Optional<Instant> at = ExportDates.parse(time);
        if (at.isEmpty()) {
            return Mapped.bad("TimeGenerated: " + ExportDates.EXPECTED + ", found " + quote(time));
        }
        String status = get.apply("ResultDescription");
        if (status == null) {
            return Mapped.bad("ResultDescription: missing");
        }
        long count = 1;
        for (String c : COUNT_COLUMNS) {
            String v = get.apply(c);
            if (v != null) {
                try {
                    count = Long.parseLong(v.strip());
                } catch (NumberFormatException e) {
                    count = -1;
                }
                if (count < 0) {
                    return Mapped.bad(c + ": expected a whole number >= 0, found " + quote(v));
                }
                break;
            }
        }
        LogTable table = table(get);
        String identity = orEmpty(get.apply("Identity"));
        Instant t = at.get();
        // Caller detail is kept on every row: the replay drops it from successes that are no expected caller's,
        // as the daemon's summarizing query does, but only it knows the expected callers.
        return Mapped.ok(new EventCount(table, t.truncatedTo(ChronoUnit.MINUTES), orEmpty(get.apply("LoginServer")),
                orEmpty(get.apply("OperationName")), status.strip(), identity,
                orEmpty(get.apply("CallerIpAddress")), orEmpty(get.apply("Repository")),
                count, t, 0, 0));
    }

    private static LogTable table(Function<String, String> get) {
        String type = get.apply("Type");
        if (type != null) {
            for (LogTable t : LogTable.values()) {
                if (t.tableName().equalsIgnoreCase(type.strip())) {
                    return t;
                }
            }
        }
        return get.apply("Repository") != null ? LogTable.REPOSITORY : LogTable.LOGIN;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** A log value for an error message: quoted, control characters made visible, bounded. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        int n = Math.min(s.length(), 60);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? String.format(Locale.ROOT, "\\u%04x", (int) c) : c);
        }
        return b.append(s.length() > n ? "…\"" : "\"").toString();
    }
}
