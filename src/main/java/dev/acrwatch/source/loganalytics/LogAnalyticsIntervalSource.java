package dev.acrwatch.source.loganalytics;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.monitor.query.LogsQueryClient;
import com.azure.monitor.query.models.LogsQueryOptions;
import com.azure.monitor.query.models.LogsQueryResult;
import com.azure.monitor.query.models.LogsQueryResultStatus;
import com.azure.monitor.query.models.LogsTable;
import com.azure.monitor.query.models.QueryTimeInterval;
import dev.acrwatch.config.PollConfig;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.source.EventBatch;
import dev.acrwatch.source.EventSource;
import dev.acrwatch.source.IngestionInterval;
import dev.acrwatch.source.QueryFailureReason;
import dev.acrwatch.source.SourceException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The backtest's adapter: one summarizing query per fetch that selects by TimeGenerated in {@code [from, to)}
 * of the interval it is given (the daemon's adapter selects by ingestion time). The interval type is the
 * port's; here it bounds TimeGenerated, and halves still partition it, so splitting counts nothing twice.
 */
final class LogAnalyticsIntervalSource implements EventSource {

    private final WorkspaceConfig workspace;
    private final PollConfig poll;
    private final LogsQueryClient client;
    private final Clock clock;

    LogAnalyticsIntervalSource(WorkspaceConfig workspace, PollConfig poll, LogsQueryClient client, Clock clock) {
        this.workspace = workspace;
        this.poll = poll;
        this.client = client;
        this.clock = clock;
    }

    @Override
    public EventBatch fetch(LogTable table, IngestionInterval interval) throws SourceException {
        String where = "workspace " + workspace.name() + " table " + table.tableName() + " TimeGenerated ["
                + interval.fromExclusive() + ", " + interval.toInclusive() + ")";
        KqlTemplates.PollQuery query;
        try {
            query = KqlTemplates.backtestQuery(table, workspace, interval);
        } catch (IllegalArgumentException e) {
            throw new SourceException(QueryFailureReason.CLIENT, where + ": " + e.getMessage(), null, e);
        }
        QueryTimeInterval timespan = new QueryTimeInterval(
                query.timespanStart().atOffset(ZoneOffset.UTC), query.timespanEnd().atOffset(ZoneOffset.UTC));
        LogsQueryOptions options = new LogsQueryOptions().setServerTimeout(poll.serverTimeout());
        try {
            Response<LogsQueryResult> response =
                    client.queryWorkspaceWithResponse(workspace.id(), query.text(), timespan, options, Context.NONE);
            return new EventBatch(interval, read(table, response, where), 1);
        } catch (HttpResponseException e) {
            if (e.getResponse() != null && e.getResponse().getStatusCode() == 204) {
                return new EventBatch(interval, List.of(), 1); // no data; the SDK expects only 200
            }
            throw FailureMapper.map(e, where, clock.instant());
        } catch (RuntimeException e) {
            throw FailureMapper.map(e, where, clock.instant());
        }
    }

    private static List<EventCount> read(LogTable table, Response<LogsQueryResult> response, String where)
            throws SourceException {
        LogsQueryResult result = response == null ? null : response.getValue();
        if (result == null) {
            return List.of();
        }
        LogsQueryResultStatus status = result.getQueryResultStatus();
        if (status == LogsQueryResultStatus.PARTIAL_FAILURE || status == LogsQueryResultStatus.FAILURE) {
            // Never take a partial result for the whole interval: the splitting decorator asks for halves.
            String error = result.getError() == null ? "an incomplete result"
                    : "error " + result.getError().getCode() + ": " + result.getError().getMessage();
            throw new SourceException(QueryFailureReason.PARTIAL, where + ": HTTP " + response.getStatusCode()
                    + " with " + error);
        }
        List<LogsTable> tables = result.getAllTables();
        if (tables == null || tables.isEmpty()) {
            return List.of();
        }
        return RowMapper.map(table, tables.get(0), where);
    }
}
