package dev.acrwatch.notify;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one send. The message is for logs and never contains secrets (no webhook URLs, tokens or passwords).
 *
 * @param reason     empty when delivered
 * @param retryAfter how long the receiver asked us to wait (HTTP Retry-After), when it said so
 */
public record DeliveryResult(
        boolean delivered,
        Optional<FailureReason> reason,
        boolean retryable,
        Optional<Duration> retryAfter,
        String message) {

    public DeliveryResult {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(retryAfter, "retryAfter");
        Objects.requireNonNull(message, "message");
        if (delivered == reason.isPresent()) {
            throw new IllegalArgumentException("a delivered result has no reason, a failed one must have one");
        }
    }

    public static DeliveryResult delivered(String message) {
        return new DeliveryResult(true, Optional.empty(), false, Optional.empty(), message);
    }

    public static DeliveryResult failed(FailureReason reason, boolean retryable, String message) {
        return new DeliveryResult(false, Optional.of(reason), retryable, Optional.empty(), message);
    }

    /** Rate limited is always worth retrying, after {@code retryAfter} when the receiver gave one. */
    public static DeliveryResult rateLimited(Optional<Duration> retryAfter, String message) {
        return new DeliveryResult(false, Optional.of(FailureReason.RATE_LIMITED), true, retryAfter, message);
    }
}
