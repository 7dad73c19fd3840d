package dev.acrwatch.source.loganalytics;

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
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Sends one summarizing KQL query per fetch to a Log Analytics workspace and reports each to the listener. */
final class LogAnalyticsEventSource implements EventSource {

    private final WorkspaceConfig workspace;
    private final PollConfig poll;
    private final QueryApiClient client;
    private final QueryListener listener;

    LogAnalyticsEventSource(WorkspaceConfig workspace, PollConfig poll, QueryApiClient client, QueryListener listener) {
        this.workspace = workspace;
        this.poll = poll;
        this.client = client;
        this.listener = listener;
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
        long started = System.nanoTime();
        RowMapper mapper = new RowMapper(table, where);
        try {
            List<EventCount> rows = client.query(workspace.id(), query.text(), query.timespanStart(),
                    query.timespanEnd(), poll.serverTimeout(), mapper, where);
            listener.onQuery(workspace.name(), table, since(started), mapper.resultRows(), Optional.empty());
            return new EventBatch(interval, rows, 1, mapper.resultRows());
        } catch (SourceException e) {
            listener.onQuery(workspace.name(), table, since(started), 0, Optional.of(e.reason()));
            throw e;
        }
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
