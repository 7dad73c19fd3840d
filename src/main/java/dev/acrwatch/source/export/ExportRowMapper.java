package dev.acrwatch.source.export;

import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.LogTable;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
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

    /** The columns the mapper reads, by number: {@link Columns} answers for one record. */
    static final int TIME = 0;
    static final int STATUS = 1;
    static final int COUNT_ = 2;
    static final int COUNT_UPPER = 3;
    static final int COUNT = 4;
    static final int TYPE = 5;
    static final int IDENTITY = 6;
    static final int LOGIN_SERVER = 7;
    static final int OPERATION = 8;
    static final int CALLER_IP = 9;
    static final int REPOSITORY = 10;
    /** Schema names of the columns above, in that order; the count columns in the order they are looked for. */
    static final List<String> COLUMNS = List.of("TimeGenerated", "ResultDescription", "count_", "Count", "count",
            "Type", "Identity", "LoginServer", "OperationName", "CallerIpAddress", "Repository");

    /** One record's values by column number. */
    interface Columns {
        /** The value, or null when the record has no such column. */
        String get(int column);

        /** As {@link #get(int)}, possibly a view that is valid only until the next call (not to be kept). */
        default CharSequence text(int column) {
            return get(column);
        }
    }

    private final ExportDates.Parser dates = new ExportDates.Parser();
    private String lastType;
    private LogTable lastTable;

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
        return mapColumns(column -> get.apply(COLUMNS.get(column)));
    }

    /** As {@link #map(Function)}, with columns by number. */
    Mapped mapColumns(Columns get) {
        CharSequence time = get.text(TIME);
        if (time == null) {
            return Mapped.bad("TimeGenerated: missing");
        }
        Instant t = dates.parse(time);
        if (t == null) {
            return Mapped.bad("TimeGenerated: " + ExportDates.EXPECTED + ", found " + quote(time.toString()));
        }
        String status = get.get(STATUS);
        if (status == null) {
            return Mapped.bad("ResultDescription: missing");
        }
        long count = 1;
        for (int c = COUNT_; c <= COUNT; c++) {
            String v = get.get(c);
            if (v != null) {
                try {
                    count = Long.parseLong(v.strip());
                } catch (NumberFormatException e) {
                    count = -1;
                }
                if (count < 0) {
                    return Mapped.bad(COLUMNS.get(c) + ": expected a whole number >= 0, found " + quote(v));
                }
                break;
            }
        }
        LogTable table = table(get);
        String identity = orEmpty(get.get(IDENTITY));
        // Caller detail is kept on every row: the replay drops it from successes that are no expected caller's,
        // as the daemon's summarizing query does, but only it knows the expected callers.
        return Mapped.ok(new EventCount(table, dates.minuteOf(t), orEmpty(get.get(LOGIN_SERVER)),
                orEmpty(get.get(OPERATION)), status.strip(), identity, orEmpty(get.get(CALLER_IP)),
                orEmpty(get.get(REPOSITORY)), count, t, 0, 0));
    }

    private LogTable table(Columns get) {
        String type = get.get(TYPE);
        if (type != null) {
            // Files hold one table or two: the same text as the previous row's is the same table.
            if (type.equals(lastType)) {
                return lastTable != null ? lastTable : fallbackTable(get);
            }
            lastType = type;
            lastTable = null;
            for (LogTable t : LogTable.values()) {
                if (t.tableName().equalsIgnoreCase(type.strip())) {
                    lastTable = t;
                    return t;
                }
            }
        }
        return fallbackTable(get);
    }

    private static LogTable fallbackTable(Columns get) {
        return get.get(REPOSITORY) != null ? LogTable.REPOSITORY : LogTable.LOGIN;
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
