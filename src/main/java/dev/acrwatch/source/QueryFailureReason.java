package dev.acrwatch.source;

/** Why a query failed; a closed set because it becomes a metric label. */
public enum QueryFailureReason {
    THROTTLED("throttled", true),
    TIMEOUT("timeout", true),
    AUTH("auth", false),
    PARTIAL("partial", true),
    SERVER("server", true),
    CLIENT("client", false),
    NETWORK("network", true);

    private final String label;
    private final boolean retryable;

    QueryFailureReason(String label, boolean retryable) {
        this.label = label;
        this.retryable = retryable;
    }

    public String label() {
        return label;
    }

    /** Whether trying the same query again later can succeed. */
    public boolean retryable() {
        return retryable;
    }
}
