package dev.acrwatch.rule;

import java.util.Map;
import java.util.Set;

/**
 * Whether each workspace can currently be queried. Absence rules use it: silence from a workspace
 * that cannot be read is the blind alert's business, not a registry outage.
 */
public interface SourceHealth {

    boolean isHealthy(String workspace);

    /** The workspaces this signal knows about (the configured ones). */
    Set<String> workspaces();

    /** Healthy exactly where the map says true; unknown workspaces count as unhealthy. */
    static SourceHealth of(Map<String, Boolean> healthy) {
        Map<String, Boolean> copy = Map.copyOf(healthy);
        return new SourceHealth() {
            @Override
            public boolean isHealthy(String workspace) {
                return copy.getOrDefault(workspace, false);
            }

            @Override
            public Set<String> workspaces() {
                return copy.keySet();
            }
        };
    }
}
