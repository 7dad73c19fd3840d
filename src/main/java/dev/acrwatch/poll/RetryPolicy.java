package dev.acrwatch.poll;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Exponential backoff for retryable delivery failures: {@code base × factor^(failures−1)}, at most {@code cap},
 * never sooner than the receiver's Retry-After; after {@code maxAge} since the notification was made, give up.
 */
public record RetryPolicy(Duration base, double factor, Duration cap, Duration maxAge) {

    /** 10 s, ×2, at most 10 min, give up after 24 h. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(Duration.ofSeconds(10), 2.0, Duration.ofMinutes(10), Duration.ofHours(24));

    public RetryPolicy {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        Objects.requireNonNull(maxAge, "maxAge");
        if (base.isNegative() || base.isZero() || factor < 1.0 || cap.compareTo(base) < 0 || maxAge.isNegative()) {
            throw new IllegalArgumentException("retry policy: need base > 0, factor >= 1, cap >= base, maxAge >= 0");
        }
    }

    /** The wait after the {@code failures}-th failed attempt (1 = first failure). */
    public Duration backoff(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures: expected >= 1, found " + failures);
        }
        double millis = base.toMillis() * Math.pow(factor, failures - 1);
        // compare as double first: factor^n overflows long long before the cap matters
        return millis >= cap.toMillis() ? cap : Duration.ofMillis((long) millis);
    }

    /**
     * When to try again after the {@code failures}-th failure at {@code now}, or empty to give up because the
     * notification is {@code maxAge} old.
     */
    public Optional<Instant> nextAttempt(Instant createdAt, int failures, Instant now, Optional<Duration> retryAfter) {
        if (!now.isBefore(createdAt.plus(maxAge))) {
            return Optional.empty();
        }
        Duration wait = backoff(failures);
        if (retryAfter.isPresent() && retryAfter.get().compareTo(wait) > 0) {
            wait = retryAfter.get();
        }
        return Optional.of(now.plus(wait));
    }
}
