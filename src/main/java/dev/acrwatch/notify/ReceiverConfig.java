package dev.acrwatch.notify;

/** The settings of one named receiver; one record per receiver type. */
public sealed interface ReceiverConfig
        permits EmailReceiver, SlackReceiver, WebhookReceiver, AlertmanagerReceiver {

    String name();

    /** Whether resolved alerts are sent too (default true). */
    boolean sendResolved();

    Timeouts timeouts();
}
