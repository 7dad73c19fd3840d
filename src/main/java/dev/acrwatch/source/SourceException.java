package dev.acrwatch.source;

import java.time.Duration;
import java.util.Optional;

/** A query that did not yield complete data. Never carries secrets or tokens in its message. */
public class SourceException extends Exception {

    private final QueryFailureReason reason;
    private final Duration retryAfter;

    public SourceException(QueryFailureReason reason, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public SourceException(QueryFailureReason reason, String message) {
        this(reason, message, null, null);
    }

    public QueryFailureReason reason() {
        return reason;
    }

    /** The server's Retry-After, when it sent one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
