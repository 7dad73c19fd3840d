package dev.acrwatch.source;

import dev.acrwatch.event.LogTable;
import java.time.Duration;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decorator: retries retryable failures with exponential backoff, waiting exactly the server's
 * Retry-After when it sent one (never less). Non-retryable reasons fail at once.
 */
public final class RetryingEventSource implements EventSource {

    private static final Logger LOG = LoggerFactory.getLogger(RetryingEventSource.class);

    /** Waits between attempts; tests record instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;

        Sleeper REAL = d -> Thread.sleep(d.toMillis());
    }

    private final EventSource delegate;
    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    /**
     * @param maxDelay longest single wait; a longer Retry-After gives up now (the next poll repeats the interval)
     * @param random   values in [0, 1) for jitter of up to half the backoff; {@code () -> 0} for none
     */
    public RetryingEventSource(EventSource delegate, int maxAttempts, Duration baseDelay, Duration maxDelay,
            Sleeper sleeper, DoubleSupplier random) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, found " + maxAttempts);
        }
        this.delegate = delegate;
        this.maxAttempts = maxAttempts;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.sleeper = sleeper;
        this.random = random;
    }

    @Override
    public EventBatch fetch(LogTable table, IngestionInterval interval) throws SourceException {
        for (int attempt = 1; ; attempt++) {
            SourceException failure;
            try {
                return delegate.fetch(table, interval);
            } catch (SourceException e) {
                failure = e;
            }
            if (!failure.reason().retryable()) {
                throw failure;
            }
            if (attempt >= maxAttempts) {
                throw giveUp(failure, "after " + attempt + " attempts");
            }
            Duration delay = delay(attempt, failure);
            if (delay.compareTo(maxDelay) > 0) {
                throw giveUp(failure, "Retry-After " + delay.toSeconds() + " s exceeds the longest wait of "
                        + maxDelay.toSeconds() + " s");
            }
            LOG.warn("query attempt {} of {} failed ({}), retrying in {} ms: {}", attempt, maxAttempts,
                    failure.reason().label(), delay.toMillis(), failure.getMessage());
            try {
                sleeper.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw giveUp(failure, "interrupted while waiting to retry");
            }
        }
    }

    private Duration delay(int attempt, SourceException failure) {
        if (failure.retryAfter().isPresent()) {
            return failure.retryAfter().get();
        }
        Duration backoff = baseDelay.multipliedBy(1L << Math.min(attempt - 1, 20));
        Duration jittered = backoff.plusMillis((long) (backoff.toMillis() * 0.5 * random.getAsDouble()));
        return jittered.compareTo(maxDelay) > 0 ? maxDelay : jittered;
    }

    private static SourceException giveUp(SourceException last, String why) {
        return new SourceException(last.reason(), "gave up " + why + ": " + last.getMessage(),
                last.retryAfter().orElse(null), last);
    }
}
