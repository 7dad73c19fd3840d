package dev.acrwatch.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acrwatch.event.LogTable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryingEventSourceTest {

    static final IngestionInterval MINUTE = new IngestionInterval(
            Instant.parse("2026-11-23T21:00:00Z"), Instant.parse("2026-11-23T21:01:00Z"));

    final List<Duration> slept = new ArrayList<>();
    final RetryingEventSource.Sleeper recorder = slept::add;

    /** Fails with the given exceptions in turn, then answers one row. */
    static ScriptedSource failingThenOk(SourceException... failures) {
        int[] n = {0};
        return new ScriptedSource(i -> {
            if (n[0] < failures.length) {
                throw failures[n[0]++];
            }
            return ScriptedSource.batch(i, 1);
        });
    }

    RetryingEventSource retrying(EventSource inner, int maxAttempts) {
        return new RetryingEventSource(inner, maxAttempts, Duration.ofSeconds(2), Duration.ofMinutes(2), recorder, () -> 0);
    }

    @Test
    void serverErrorsAreRetriedWithDoublingBackoff() throws Exception {
        ScriptedSource inner = failingThenOk(
                new SourceException(QueryFailureReason.SERVER, "500"),
                new SourceException(QueryFailureReason.NETWORK, "reset"),
                new SourceException(QueryFailureReason.TIMEOUT, "504"));
        EventBatch b = retrying(inner, 4).fetch(LogTable.LOGIN, MINUTE);
        assertThat(b.rows()).hasSize(1);
        assertThat(slept).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));
        assertThat(inner.asked).hasSize(4);
    }

    @Test
    void retryAfterIsWaitedExactlyInsteadOfTheBackoff() throws Exception {
        ScriptedSource inner = failingThenOk(
                new SourceException(QueryFailureReason.THROTTLED, "429", Duration.ofSeconds(17), null));
        retrying(inner, 4).fetch(LogTable.LOGIN, MINUTE);
        assertThat(slept).containsExactly(Duration.ofSeconds(17));
    }

    @Test
    void jitterOnlyLengthensTheBackoff() throws Exception {
        ScriptedSource inner = failingThenOk(new SourceException(QueryFailureReason.SERVER, "500"));
        new RetryingEventSource(inner, 4, Duration.ofSeconds(2), Duration.ofMinutes(2), recorder, () -> 0.5)
                .fetch(LogTable.LOGIN, MINUTE);
        assertThat(slept).containsExactly(Duration.ofMillis(2500));
    }

    @Test
    void authFailureIsNotRetried() {
        ScriptedSource inner = failingThenOk(new SourceException(QueryFailureReason.AUTH, "HTTP 401"));
        assertThatThrownBy(() -> retrying(inner, 4).fetch(LogTable.LOGIN, MINUTE)).hasMessage("HTTP 401");
        assertThat(inner.asked).hasSize(1);
        assertThat(slept).isEmpty();
    }

    @Test
    void clientFailureIsNotRetried() {
        ScriptedSource inner = failingThenOk(new SourceException(QueryFailureReason.CLIENT, "HTTP 400"));
        assertThatThrownBy(() -> retrying(inner, 4).fetch(LogTable.LOGIN, MINUTE)).hasMessage("HTTP 400");
        assertThat(inner.asked).hasSize(1);
    }

    @Test
    void givesUpAfterMaxAttemptsWithTheLastReason() {
        SourceException e = new SourceException(QueryFailureReason.SERVER, "HTTP 500");
        ScriptedSource inner = failingThenOk(e, e, e, e);
        assertThatThrownBy(() -> retrying(inner, 3).fetch(LogTable.LOGIN, MINUTE))
                .isInstanceOf(SourceException.class)
                .hasMessage("gave up after 3 attempts: HTTP 500")
                .satisfies(x -> assertThat(((SourceException) x).reason()).isEqualTo(QueryFailureReason.SERVER));
        assertThat(inner.asked).hasSize(3);
        assertThat(slept).hasSize(2);
    }

    @Test
    void retryAfterLongerThanTheLongestWaitFailsNowInsteadOfBlocking() {
        ScriptedSource inner = failingThenOk(
                new SourceException(QueryFailureReason.THROTTLED, "HTTP 429", Duration.ofHours(1), null));
        assertThatThrownBy(() -> retrying(inner, 4).fetch(LogTable.LOGIN, MINUTE))
                .hasMessage("gave up Retry-After 3600 s exceeds the longest wait of 120 s: HTTP 429");
        assertThat(slept).isEmpty();
    }

    @Test
    void interruptionStopsRetryingAndKeepsTheInterruptFlag() {
        ScriptedSource inner = failingThenOk(new SourceException(QueryFailureReason.SERVER, "HTTP 500"));
        RetryingEventSource r = new RetryingEventSource(inner, 4, Duration.ofSeconds(2), Duration.ofMinutes(2),
                d -> { throw new InterruptedException(); }, () -> 0);
        try {
            assertThatThrownBy(() -> r.fetch(LogTable.LOGIN, MINUTE)).hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
