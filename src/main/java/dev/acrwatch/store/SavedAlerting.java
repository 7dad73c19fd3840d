package dev.acrwatch.store;

import dev.acrwatch.alert.RouterState;
import dev.acrwatch.rule.AlertState;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The alerting state one evaluation leaves behind, as the store keeps it: the lifecycle of every active
 * alert, the threshold each was last measured against, and the router's groups, held alerts and told
 * receivers. {@code version} counts committed evaluations across all nodes; {@code horizon} is the data time the
 * last evaluation reached, so the next one (on any node, after any gap) evaluates every minute since.
 */
public record SavedAlerting(long version, List<AlertState> states, Map<String, Double> thresholds,
        RouterState router, java.util.Optional<java.time.Instant> horizon) {

    public static final SavedAlerting EMPTY = new SavedAlerting(0, List.of(), Map.of(),
            new RouterState(List.of(), List.of(), java.util.Set.of(), List.of()), java.util.Optional.empty());

    public SavedAlerting {
        states = List.copyOf(states);
        thresholds = Map.copyOf(thresholds);
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(horizon, "horizon");
    }

    /** The same content under another version. */
    public SavedAlerting withVersion(long v) {
        return new SavedAlerting(v, states, thresholds, router, horizon);
    }

    /** Whether the content (not the version) equals {@code other}'s. */
    public boolean sameContent(SavedAlerting other) {
        return other != null && states.equals(other.states) && thresholds.equals(other.thresholds)
                && router.equals(other.router) && horizon.equals(other.horizon);
    }
}
