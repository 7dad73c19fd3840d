package dev.acrwatch.config;

import java.util.List;

/** The whole configuration file, validated. */
public record AcrWatchConfig(
        List<WorkspaceConfig> workspaces,
        PollConfig poll,
        MetricsConfig metrics,
        LoggingConfig logging) {

    public AcrWatchConfig {
        workspaces = List.copyOf(workspaces);
    }
}
