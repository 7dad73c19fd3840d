package dev.acrwatch.config;

import java.util.List;

/** The whole configuration file, validated. */
public record AcrWatchConfig(
        List<WorkspaceConfig> workspaces,
        PollConfig poll,
        MetricsConfig metrics,
        LoggingConfig logging,
        AlertingConfig alerting) {

    public AcrWatchConfig {
        workspaces = List.copyOf(workspaces);
    }

    /** A config without alerting: metrics only. */
    public AcrWatchConfig(List<WorkspaceConfig> workspaces, PollConfig poll, MetricsConfig metrics,
            LoggingConfig logging) {
        this(workspaces, poll, metrics, logging, AlertingConfig.none());
    }
}
