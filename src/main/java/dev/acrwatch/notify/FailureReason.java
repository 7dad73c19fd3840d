package dev.acrwatch.notify;

/** Why a delivery failed; a closed set because it is used as a metric label. */
public enum FailureReason {
    AUTH_ERROR("auth_error"),
    RATE_LIMITED("rate_limited"),
    CLIENT_ERROR("client_error"),
    SERVER_ERROR("server_error"),
    NETWORK("network");

    private final String label;

    FailureReason(String label) {
        this.label = label;
    }

    /** The metric label value. */
    public String label() {
        return label;
    }
}
