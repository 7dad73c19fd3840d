package dev.acrwatch.event;

/** What kind of outcome a registry request had; each value needs a different fix. */
public enum FailureClass {
    OK("ok"),
    UNAUTHORIZED("unauthorized"),
    FORBIDDEN("forbidden"),
    THROTTLED("throttled"),
    NETWORK_DROP("network_drop"),
    NOT_FOUND("not_found"),
    CLIENT_ERROR("client_error"),
    SERVER_ERROR("server_error"),
    UNKNOWN("unknown");

    private final String label;

    FailureClass(String label) {
        this.label = label;
    }

    /** The value used in metric labels, config and messages. */
    public String label() {
        return label;
    }

    public boolean isFailure() {
        return this != OK;
    }

    /** Parses a label as written in config ("unauthorized"); null when unknown. */
    public static FailureClass fromLabel(String label) {
        for (FailureClass c : values()) {
            if (c.label.equals(label)) {
                return c;
            }
        }
        return null;
    }
}
