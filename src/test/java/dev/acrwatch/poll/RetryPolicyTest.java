package dev.acrwatch.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    static final Instant T0 = Instant.parse("2026-11-23T21:00:00Z");
    final RetryPolicy policy = RetryPolicy.DEFAULT;

    @Test
    void backoffDoublesFromTenSecondsUpToTenMinutes() {
        assertThat(policy.backoff(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.backoff(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(policy.backoff(6)).isEqualTo(Duration.ofSeconds(320));
        assertThat(policy.backoff(7)).isEqualTo(Duration.ofMinutes(10));
        assertThat(policy.backoff(10_000)).as("no overflow").isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void retryAfterLongerThanTheBackoffWins() {
        assertThat(policy.nextAttempt(T0, 1, T0, Optional.of(Duration.ofSeconds(120))))
                .contains(T0.plusSeconds(120));
        assertThat(policy.nextAttempt(T0, 1, T0, Optional.of(Duration.ofSeconds(1))))
                .as("a short Retry-After does not make us hammer")
                .contains(T0.plusSeconds(10));
    }

    @Test
    void givesUpOnceTheNotificationIsMaxAgeOld() {
        assertThat(policy.nextAttempt(T0, 50, T0.plus(Duration.ofHours(24)).minusMillis(1), Optional.empty()))
                .isPresent();
        assertThat(policy.nextAttempt(T0, 50, T0.plus(Duration.ofHours(24)), Optional.empty())).isEmpty();
    }

    @Test
    void rejectsPolicyThatWouldRetryInstantly() {
        assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, 2, Duration.ofMinutes(1), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
