package dev.acrwatch.source.loganalytics;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.monitor.query.LogsQueryClient;
import com.azure.monitor.query.models.LogsQueryOptions;
import com.azure.monitor.query.models.LogsQueryResult;
import com.azure.monitor.query.models.LogsQueryResultStatus;
import com.azure.monitor.query.models.LogsTable;
import com.azure.monitor.query.models.LogsTableCell;
import com.azure.monitor.query.models.LogsTableRow;
import com.azure.monitor.query.models.QueryTimeInterval;
import dev.acrwatch.config.PollConfig;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.source.CallerSightings;
import dev.acrwatch.source.QueryFailureReason;
import dev.acrwatch.source.SourceException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Runs the learning query ({@code kql/learn-callers.kql}) against a Log Analytics workspace. */
final class LogAnalyticsCallerSightings implements CallerSightings {

    private final WorkspaceConfig workspace;
    private final PollConfig poll;
    private final LogsQueryClient client;

    LogAnalyticsCallerSightings(WorkspaceConfig workspace, PollConfig poll, LogsQueryClient client) {
        this.workspace = workspace;
        this.poll = poll;
        this.client = client;
    }

    @Override
    public List<Sighting> regularCallers(Instant now) throws SourceException {
        String where = "workspace " + workspace.name() + " learning query";
        KqlTemplates.LearningQuery query;
        try {
            query = KqlTemplates.learningQuery(workspace, now);
        } catch (IllegalArgumentException e) {
            throw new SourceException(QueryFailureReason.CLIENT, where + ": " + e.getMessage(), null, e);
        }
        QueryTimeInterval timespan = new QueryTimeInterval(
                query.timespanStart().atOffset(ZoneOffset.UTC), query.timespanEnd().atOffset(ZoneOffset.UTC));
        LogsQueryOptions options = new LogsQueryOptions().setServerTimeout(poll.serverTimeout());
        Response<LogsQueryResult> response;
        try {
            response = client.queryWorkspaceWithResponse(workspace.id(), query.text(), timespan, options, Context.NONE);
        } catch (HttpResponseException e) {
            if (e.getResponse() != null && e.getResponse().getStatusCode() == 204) {
                return List.of(); // no data; the SDK expects only 200
            }
            throw FailureMapper.map(e, where, now);
        } catch (RuntimeException e) {
            throw FailureMapper.map(e, where, now);
        }
        LogsQueryResult result = response == null ? null : response.getValue();
        if (result == null) {
            return List.of();
        }
        LogsQueryResultStatus status = result.getQueryResultStatus();
        if (status == LogsQueryResultStatus.PARTIAL_FAILURE || status == LogsQueryResultStatus.FAILURE) {
            // A partial answer would forget callers that are merely missing from it.
            String detail = result.getError() == null ? "an incomplete result"
                    : "error " + result.getError().getCode() + ": " + result.getError().getMessage();
            throw new SourceException(QueryFailureReason.PARTIAL,
                    where + ": HTTP " + response.getStatusCode() + " with " + detail);
        }
        List<LogsTable> tables = result.getAllTables();
        if (tables == null || tables.isEmpty()) {
            return List.of();
        }
        List<Sighting> out = new ArrayList<>();
        for (LogsTableRow row : tables.get(0).getRows()) {
            out.add(sighting(row, where));
        }
        return out;
    }

    private Sighting sighting(LogsTableRow row, String where) throws SourceException {
        int n = row.getRowIndex() + 1;
        String kind = text(row, n, "Kind", where);
        Kind k = switch (kind) {
            case "identity" -> Kind.IDENTITY;
            case "ip" -> Kind.IP_BLOCK;
            default -> throw malformed(where, n, "Kind", "expected identity or ip", kind);
        };
        String hoursText = text(row, n, "Hours", where);
        int hours;
        try {
            hours = new BigDecimal(hoursText).intValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw malformed(where, n, "Hours", "expected a whole number", hoursText);
        }
        String last = text(row, n, "LastSeen", where);
        Instant lastSeen;
        try {
            lastSeen = OffsetDateTime.parse(last).toInstant();
        } catch (DateTimeParseException e) {
            throw malformed(where, n, "LastSeen", "expected a datetime", last);
        }
        return new Sighting(text(row, n, "LoginServer", where), k, text(row, n, "Caller", where), hours,
                workspace.learnCallers().ofHours(), lastSeen);
    }

    private static String text(LogsTableRow row, int n, String column, String where) throws SourceException {
        Optional<LogsTableCell> cell = row.getColumnValue(column);
        if (cell.isEmpty()) {
            throw malformed(where, n, column, "column is missing", null);
        }
        String v = cell.get().getValueAsString();
        return v == null ? "" : v;
    }

    private static SourceException malformed(String where, int n, String column, String what, String value) {
        String found = value == null ? "" : ", found " + KqlLiterals.quoteForMessage(value);
        return new SourceException(QueryFailureReason.CLIENT,
                where + ": malformed result row " + n + " column " + column + ": " + what + found);
    }
}
