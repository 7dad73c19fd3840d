package dev.acrwatch.source.loganalytics;

import dev.acrwatch.config.PollConfig;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.source.EventSource;
import dev.acrwatch.source.RetryingEventSource;
import java.time.Clock;

/**
 * The backtest's source for a past interval of a live workspace: retry ∘ split ∘ the TimeGenerated adapter,
 * with the same client, limits and retry settings as the daemon's poll source.
 */
public final class BacktestSources {

    private BacktestSources() {}

    /** Builds the credential but contacts nothing yet. */
    public static EventSource create(WorkspaceConfig workspace, PollConfig poll) {
        return create(workspace, poll, RetryingEventSource.Sleeper.REAL);
    }

    /** As {@link #create(WorkspaceConfig, PollConfig)}, waiting between retries with {@code sleeper} (tests). */
    public static EventSource create(WorkspaceConfig workspace, PollConfig poll, RetryingEventSource.Sleeper sleeper) {
        var client = LogAnalyticsSources.client(workspace, poll, CredentialFactory.create(workspace.auth()), null,
                LogAnalyticsSources.RESPONSE_SLACK, Clock.systemUTC());
        EventSource adapter = new LogAnalyticsIntervalSource(workspace, poll, client);
        return LogAnalyticsSources.decorate(adapter, poll, sleeper, Math::random);
    }
}
