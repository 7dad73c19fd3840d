package dev.acrwatch.source.loganalytics;

import com.azure.monitor.query.models.LogsTable;
import com.azure.monitor.query.models.LogsTableCell;
import com.azure.monitor.query.models.LogsTableRow;
import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.source.QueryFailureReason;
import dev.acrwatch.source.SourceException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns result rows into {@link EventCount}s.
 *
 * <p>Policy for malformed rows: the columns our own aggregation computes (Minute, Count,
 * MaxIngestion, DelaySumSec, DelayMaxSec, Callers) are the contract of the query; if one is missing or
 * unreadable the row cannot be counted or binned, so the whole query fails (CLIENT, not retried)
 * rather than silently dropping events. The columns that carry logged values (LoginServer,
 * OperationName, ResultDescription, Identity, Repository, and the IPs inside Callers) are taken as they
 * are, null as empty: a garbage status still counts, and the classifier calls it {@code unknown}.
 * One row packs the caller IPs of its minute and identity; {@link PackedCallers} expands it into one
 * count per IP.
 * A column missing altogether means the response does not match our query and fails it too.
 */
final class RowMapper {

    private RowMapper() {}

    static List<EventCount> map(LogTable table, LogsTable result, String where) throws SourceException {
        List<EventCount> out = new ArrayList<>(result.getRows().size());
        for (LogsTableRow row : result.getRows()) {
            mapRow(table, row, where, out);
        }
        return out;
    }

    private static void mapRow(LogTable table, LogsTableRow row, String where, List<EventCount> out)
            throws SourceException {
        int n = row.getRowIndex() + 1; // 1-based in messages, as a person counts rows in the portal
        EventCount base = new EventCount(
                table,
                instant(row, n, "Minute", where),
                text(row, n, "LoginServer", where),
                text(row, n, "OperationName", where),
                text(row, n, "ResultDescription", where),
                text(row, n, "Identity", where),
                "",
                table == LogTable.REPOSITORY ? text(row, n, "Repository", where) : "",
                count(row, n, where),
                instant(row, n, "MaxIngestion", where),
                seconds(row, n, "DelaySumSec", where),
                seconds(row, n, "DelayMaxSec", where));
        PackedCallers.expand(base, cell(row, n, PackedCallers.COLUMN, where).getValueAsString(), out, where, n);
    }

    private static LogsTableCell cell(LogsTableRow row, int n, String column, String where) throws SourceException {
        Optional<LogsTableCell> cell = row.getColumnValue(column);
        if (cell.isEmpty()) {
            throw malformed(where, n, column, "column is missing", null);
        }
        return cell.get();
    }

    private static String text(LogsTableRow row, int n, String column, String where) throws SourceException {
        String v = cell(row, n, column, where).getValueAsString();
        return v == null ? "" : v;
    }

    private static Instant instant(LogsTableRow row, int n, String column, String where) throws SourceException {
        String v = cell(row, n, column, where).getValueAsString();
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException | NullPointerException e) {
            throw malformed(where, n, column, "expected a datetime", v);
        }
    }

    private static long count(LogsTableRow row, int n, String where) throws SourceException {
        String v = cell(row, n, "Count", where).getValueAsString();
        try {
            long c = new BigDecimal(v).longValueExact();
            if (c < 0) {
                throw new ArithmeticException("negative");
            }
            return c;
        } catch (ArithmeticException | NumberFormatException | NullPointerException e) {
            throw malformed(where, n, "Count", "expected a whole number >= 0", v);
        }
    }

    private static double seconds(LogsTableRow row, int n, String column, String where) throws SourceException {
        String v = cell(row, n, column, where).getValueAsString();
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException("not finite");
            }
            return d;
        } catch (NumberFormatException | NullPointerException e) {
            throw malformed(where, n, column, "expected a number of seconds", v);
        }
    }

    private static SourceException malformed(String where, int n, String column, String what, String value) {
        String found = value == null ? "" : ", found " + KqlLiterals.quoteForMessage(value);
        return new SourceException(QueryFailureReason.CLIENT,
                where + ": malformed result row " + n + " column " + column + ": " + what + found);
    }
}
