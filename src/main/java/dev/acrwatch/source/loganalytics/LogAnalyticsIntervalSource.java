package dev.acrwatch.source.loganalytics;

import dev.acrwatch.config.PollConfig;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.source.EventBatch;
import dev.acrwatch.source.EventSource;
import dev.acrwatch.source.IngestionInterval;
import dev.acrwatch.source.QueryFailureReason;
import dev.acrwatch.source.SourceException;
import java.util.List;

/**
 * The backtest's adapter: one summarizing query per fetch that selects by TimeGenerated in {@code [from, to)}
 * of the interval it is given (the daemon's adapter selects by ingestion time). The interval type is the
 * port's; here it bounds TimeGenerated, and halves still partition it, so splitting counts nothing twice.
 */
final class LogAnalyticsIntervalSource implements EventSource {

    private final WorkspaceConfig workspace;
    private final PollConfig poll;
    private final QueryApiClient client;

    LogAnalyticsIntervalSource(WorkspaceConfig workspace, PollConfig poll, QueryApiClient client) {
        this.workspace = workspace;
        this.poll = poll;
        this.client = client;
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
        // A partial result fails the fetch (never taken for the whole interval): the splitting decorator asks for halves.
        RowMapper mapper = new RowMapper(table, where);
        List<EventCount> rows = client.query(workspace.id(), query.text(), query.timespanStart(), query.timespanEnd(),
                poll.serverTimeout(), mapper, where);
        return new EventBatch(interval, rows, 1, mapper.resultRows());
    }
}
