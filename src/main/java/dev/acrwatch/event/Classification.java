package dev.acrwatch.event;

/** A failure class with the finer reason that tells the SRE which fix applies. */
public record Classification(FailureClass failureClass, String reason) {

    public static final String REASON_NONE = "none";
    public static final String REASON_ANONYMOUS = "anonymous";
    public static final String REASON_REJECTED_CREDENTIALS = "rejected_credentials";
    public static final String REASON_UNPARSEABLE_STATUS = "unparseable_status";
}
