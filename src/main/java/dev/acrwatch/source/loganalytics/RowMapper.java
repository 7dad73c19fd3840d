package dev.acrwatch.source.loganalytics;

import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.source.QueryFailureReason;
import dev.acrwatch.source.SourceException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the rows of one poll or backtest result into {@link EventCount}s, as they stream in.
 *
 * <p>Policy for malformed rows: the columns our own aggregation computes (Minute, Count,
 * MaxIngestion, DelaySumSec, DelayMaxSec, Callers) are the contract of the query; if one is missing or
 * unreadable the row cannot be counted or binned, so the whole query fails (CLIENT, not retried)
 * rather than silently dropping events. The columns that carry logged values (LoginServer,
 * OperationName, ResultDescription, Identity, Repository, and the IPs inside Callers) are taken as
 * they are, null as empty: a garbage status still counts, and the classifier calls it {@code unknown}.
 * One row packs the caller IPs of its minute and identity; {@link PackedCallers} expands it into one
 * count per IP. A column missing altogether means the response does not match our query and fails it too.
 *
 * <p>One instance reads one response. Values that repeat across rows (registries, operations,
 * statuses, callers, minutes) are shared rather than copied per row, which keeps a large answer small.
 */
final class RowMapper implements QueryResultReader.ResultRows<List<EventCount>> {

    private static final String[] LOGIN_COLUMNS = {"Minute", "LoginServer", "OperationName", "ResultDescription",
        "Identity", PackedCallers.COLUMN, "Count", "MaxIngestion", "DelaySumSec", "DelayMaxSec"};
    private static final int MINUTE = 0, LOGIN_SERVER = 1, OPERATION = 2, STATUS = 3, IDENTITY = 4, CALLERS = 5,
            COUNT = 6, MAX_INGESTION = 7, DELAY_SUM = 8, DELAY_MAX = 9, REPOSITORY = 10;

    /**
     * Values seen, so repeats share one copy. Bounded: identities and IPs of a flood are all distinct, and
     * remembering each would cost more than it saves.
     */
    private static final int MAX_SHARED = 4096;

    private final LogTable table;
    private final String where;
    private final List<EventCount> out = new ArrayList<>();
    private final Map<String, String> texts = new HashMap<>();
    private final Map<String, Instant> instants = new HashMap<>();
    /** Position in the response's row of each column we read, by the indexes above. */
    private int[] positions;
    /** The first of our columns the response lacks, reported at its first row. */
    private String missing;
    private int resultRows;

    RowMapper(LogTable table, String where) {
        this.table = table;
        this.where = where;
    }

    @Override
    public void columns(List<String> names) {
        int wanted = table == LogTable.REPOSITORY ? LOGIN_COLUMNS.length + 1 : LOGIN_COLUMNS.length;
        positions = new int[wanted];
        for (int i = 0; i < wanted; i++) {
            String column = i < LOGIN_COLUMNS.length ? LOGIN_COLUMNS[i] : "Repository";
            positions[i] = names.indexOf(column);
            if (positions[i] < 0 && missing == null) {
                missing = column;
            }
        }
    }

    @Override
    public void row(int n, String[] v) throws SourceException {
        resultRows = n;
        if (missing != null) {
            throw malformed(n, missing, "column is missing", null);
        }
        EventCount row = new EventCount(
                table,
                instant(n, v, MINUTE),
                text(v, LOGIN_SERVER),
                text(v, OPERATION),
                text(v, STATUS),
                text(v, IDENTITY),
                "",
                table == LogTable.REPOSITORY ? text(v, REPOSITORY) : "",
                count(n, v),
                instant(n, v, MAX_INGESTION),
                seconds(n, v, DELAY_SUM),
                seconds(n, v, DELAY_MAX));
        PackedCallers.expand(row, v[positions[CALLERS]], out, where, n);
    }

    @Override
    public List<EventCount> result() {
        return out;
    }

    /** The rows the service returned so far (each may expand to several counts). */
    int resultRows() {
        return resultRows;
    }

    private String text(String[] v, int column) {
        String s = v[positions[column]];
        if (s == null) {
            return "";
        }
        String shared = texts.get(s);
        if (shared != null) {
            return shared;
        }
        if (texts.size() < MAX_SHARED) {
            texts.put(s, s);
        }
        return s;
    }

    private Instant instant(int n, String[] v, int column) throws SourceException {
        String s = v[positions[column]];
        Instant t = s == null ? null : instants.get(s); // minutes repeat in every row of their minute
        if (t != null) {
            return t;
        }
        t = s == null ? null : IsoInstants.parse(s);
        if (t == null) {
            throw malformed(n, name(column), "expected a datetime", s);
        }
        if (instants.size() < MAX_SHARED) {
            instants.put(s, t);
        }
        return t;
    }

    private long count(int n, String[] v) throws SourceException {
        String s = v[positions[COUNT]];
        try {
            long c;
            try {
                c = Long.parseLong(s);
            } catch (NumberFormatException notPlain) {
                c = new BigDecimal(s).longValueExact(); // "3.0", "3e2": a whole number written otherwise
            }
            if (c < 0) {
                throw new ArithmeticException("negative");
            }
            return c;
        } catch (ArithmeticException | NumberFormatException | NullPointerException e) {
            throw malformed(n, "Count", "expected a whole number >= 0", s);
        }
    }

    private double seconds(int n, String[] v, int column) throws SourceException {
        String s = v[positions[column]];
        try {
            double d = Double.parseDouble(s);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException("not finite");
            }
            return d;
        } catch (NumberFormatException | NullPointerException e) {
            throw malformed(n, name(column), "expected a number of seconds", s);
        }
    }

    private static String name(int column) {
        return column < LOGIN_COLUMNS.length ? LOGIN_COLUMNS[column] : "Repository";
    }

    private SourceException malformed(int n, String column, String what, String value) {
        return malformed(where, n, column, what, value);
    }

    /** A result row that our query could not have produced: the query fails (CLIENT), naming row, column and value. */
    static SourceException malformed(String where, int n, String column, String what, String value) {
        String found = value == null ? "" : ", found " + KqlLiterals.quoteForMessage(value);
        return new SourceException(QueryFailureReason.CLIENT,
                where + ": malformed result row " + n + " column " + column + ": " + what + found);
    }
}
