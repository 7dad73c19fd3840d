package dev.acrwatch.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one probe of one target.
 *
 * @param reason    present exactly when {@code success} is false
 * @param message   human-readable detail; free of control characters, bounded in length
 * @param durations time spent in each stage that ran, including the one that failed
 * @param at        when the probe started
 */
public record ProbeResult(
        ProbeTarget target,
        boolean success,
        Optional<ProbeFailureReason> reason,
        String message,
        Map<ProbeStage, Duration> durations,
        Instant at) {

    public ProbeResult {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(at, "at");
        if (success == reason.isPresent()) {
            throw new IllegalArgumentException("a result has a reason exactly when it failed");
        }
        EnumMap<ProbeStage, Duration> copy = new EnumMap<>(ProbeStage.class);
        copy.putAll(durations);
        durations = Collections.unmodifiableMap(copy);
    }

    static ProbeResult ok(ProbeTarget target, String message, Map<ProbeStage, Duration> durations,
            Instant at) {
        return new ProbeResult(target, true, Optional.empty(), message, durations, at);
    }

    static ProbeResult failed(ProbeTarget target, ProbeFailureReason reason, String message,
            Map<ProbeStage, Duration> durations, Instant at) {
        return new ProbeResult(target, false, Optional.of(reason), message, durations, at);
    }

    /** Total time over all stages that ran. */
    public Duration total() {
        return durations.values().stream().reduce(Duration.ZERO, Duration::plus);
    }
}
