package dev.acrwatch.poll;

import dev.acrwatch.notify.FailureReason;
import java.util.Optional;

/** Port: what the dispatcher reports for metrics ({@code acrwatch_notifications_total{receiver,outcome,reason}}). */
public interface DispatchListener {

    /** No-op, for callers that do not export metrics. */
    DispatchListener NONE = (receiver, outcome, reason) -> { };

    /** One entry handled: sent (delivered/failed/dead), or skipped/dead without a send. */
    void onAttempt(String receiver, Outcome outcome, Optional<FailureReason> reason);

    /** How an entry's turn ended; the label is the metric label value. */
    enum Outcome {
        DELIVERED("delivered"),
        FAILED("failed"),
        DEAD("dead"),
        /** Not sent on purpose (resolved notification, receiver has send_resolved: false). */
        SKIPPED("skipped");

        private final String label;

        Outcome(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
