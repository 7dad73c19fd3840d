package dev.acrwatch.config;

import dev.acrwatch.probe.ProbeConfig;
import java.util.List;
import java.util.Optional;

/** The whole configuration file, validated. */
public record AcrWatchConfig(
        List<WorkspaceConfig> workspaces,
        PollConfig poll,
        MetricsConfig metrics,
        LoggingConfig logging,
        AlertingConfig alerting,
        Optional<ProbeConfig> probes,
        StoreConfig store) {

    public AcrWatchConfig {
        workspaces = List.copyOf(workspaces);
    }

    /** A config built in code: its state lives in memory (a config file defaults to an H2 file database). */
    public AcrWatchConfig(List<WorkspaceConfig> workspaces, PollConfig poll, MetricsConfig metrics,
            LoggingConfig logging, AlertingConfig alerting, Optional<ProbeConfig> probes) {
        this(workspaces, poll, metrics, logging, alerting, probes, StoreConfig.memory());
    }

    /** The same config with another store. */
    public AcrWatchConfig withStore(StoreConfig s) {
        return new AcrWatchConfig(workspaces, poll, metrics, logging, alerting, probes, s);
    }

    /** A config without active probes. */
    public AcrWatchConfig(List<WorkspaceConfig> workspaces, PollConfig poll, MetricsConfig metrics,
            LoggingConfig logging, AlertingConfig alerting) {
        this(workspaces, poll, metrics, logging, alerting, Optional.empty());
    }

    /** A config without alerting: metrics only. */
    public AcrWatchConfig(List<WorkspaceConfig> workspaces, PollConfig poll, MetricsConfig metrics,
            LoggingConfig logging) {
        this(workspaces, poll, metrics, logging, AlertingConfig.none());
    }
}
