package dev.acrwatch.source.loganalytics;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.rest.Response;
import com.azure.core.models.ResponseError;
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
import dev.acrwatch.source.QueryListener;
import dev.acrwatch.source.SourceException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** Sends one summarizing KQL query per fetch to a Log Analytics workspace through the Azure SDK. */
final class LogAnalyticsEventSource implements EventSource {

    private final WorkspaceConfig workspace;
    private final PollConfig poll;
    private final LogsQueryClient client;
    private final QueryListener listener;
    private final Clock clock;

    LogAnalyticsEventSource(WorkspaceConfig workspace, PollConfig poll, LogsQueryClient client,
            QueryListener listener, Clock clock) {
        this.workspace = workspace;
        this.poll = poll;
        this.client = client;
        this.listener = listener;
        this.clock = clock;
    }

    @Override
    public EventBatch fetch(LogTable table, IngestionInterval interval) throws SourceException {
        String where = "workspace " + workspace.name() + " table " + table.tableName() + " interval " + interval;
        KqlTemplates.PollQuery query;
        try {
            query = KqlTemplates.pollQuery(table, workspace, poll, interval);
        } catch (IllegalArgumentException e) {
            throw new SourceException(QueryFailureReason.CLIENT, where + ": " + e.getMessage(), null, e);
        }
        QueryTimeInterval timespan = new QueryTimeInterval(
                query.timespanStart().atOffset(ZoneOffset.UTC), query.timespanEnd().atOffset(ZoneOffset.UTC));
        LogsQueryOptions options = new LogsQueryOptions().setServerTimeout(poll.serverTimeout());
        long started = System.nanoTime();
        try {
            Response<LogsQueryResult> response =
                    client.queryWorkspaceWithResponse(workspace.id(), query.text(), timespan, options, Context.NONE);
            List<EventCount> rows = read(table, response, where);
            listener.onQuery(workspace.name(), table, since(started), rows.size(), Optional.empty());
            return new EventBatch(interval, rows, 1);
        } catch (SourceException e) {
            listener.onQuery(workspace.name(), table, since(started), 0, Optional.of(e.reason()));
            throw e;
        } catch (HttpResponseException e) {
            if (e.getResponse() != null && e.getResponse().getStatusCode() == 204) {
                // 204 means no data; the SDK expects only 200 and reports it as an error.
                listener.onQuery(workspace.name(), table, since(started), 0, Optional.empty());
                return new EventBatch(interval, List.of(), 1);
            }
            SourceException failure = FailureMapper.map(e, where, clock.instant());
            listener.onQuery(workspace.name(), table, since(started), 0, Optional.of(failure.reason()));
            throw failure;
        } catch (RuntimeException e) {
            SourceException failure = FailureMapper.map(e, where, clock.instant());
            listener.onQuery(workspace.name(), table, since(started), 0, Optional.of(failure.reason()));
            throw failure;
        }
    }

    private static List<EventCount> read(LogTable table, Response<LogsQueryResult> response, String where)
            throws SourceException {
        LogsQueryResult result = response == null ? null : response.getValue();
        if (result == null) {
            return List.of(); // 204: no data
        }
        LogsQueryResultStatus status = result.getQueryResultStatus();
        if (status == LogsQueryResultStatus.PARTIAL_FAILURE || status == LogsQueryResultStatus.FAILURE) {
            // Never treat a partial result as complete: the caller splits or retries.
            throw new SourceException(QueryFailureReason.PARTIAL,
                    where + ": HTTP " + response.getStatusCode() + " with " + describe(result.getError()));
        }
        List<LogsTable> tables = result.getAllTables();
        if (tables == null || tables.isEmpty()) {
            return List.of();
        }
        return RowMapper.map(table, tables.get(0), where);
    }

    private static String describe(ResponseError error) {
        if (error == null) {
            return "an incomplete result";
        }
        return "error " + error.getCode() + ": " + error.getMessage();
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
