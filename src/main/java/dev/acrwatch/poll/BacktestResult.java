package dev.acrwatch.poll;

import dev.acrwatch.alert.AlertStatus;
import dev.acrwatch.alert.Notification;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a backtest found: the notifications that would have been sent, in order, and counts per registry
 * and class.
 *
 * @param stillOpen     alerts pending or firing when the data ended (nothing resolved them)
 * @param endOfData     the end of the last minute with data; empty without rows
 * @param notifications every notification the router handed to a receiver, in order (what {@code --send} sends)
 */
public record BacktestResult(List<Entry> timeline, List<SummaryRow> summary, long rows, long events,
        List<Open> stillOpen, Optional<Instant> endOfData, List<Notification> notifications) {

    public BacktestResult {
        timeline = List.copyOf(timeline);
        summary = List.copyOf(summary);
        stillOpen = List.copyOf(stillOpen);
        notifications = List.copyOf(notifications);
    }

    /**
     * One alert transition as a receiver would have seen it.
     *
     * @param at        simulated time of the evaluation that sent it
     * @param labels    the alert's labels other than {@code rule} (its group within the rule), sorted
     * @param receivers every receiver the notification would have gone to
     */
    public record Entry(Instant at, String rule, Map<String, String> labels, AlertStatus status, double value,
            double threshold, List<String> receivers) {
        public Entry {
            labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
            receivers = List.copyOf(receivers);
        }

        /** The labels as {@code k=v,k=v}, for display. */
        public String group() {
            return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(","));
        }
    }

    /**
     * An alert the data ended on.
     *
     * @param firing   firing (else pending: active, but not yet for its {@code for} duration)
     * @param since    when it started firing, or became active when pending
     * @param value    the value in its last firing notification, when one was sent in this episode
     * @param notified whether a FIRING notification went out for this episode (silences, inhibition and
     *                 group_wait can hold it back)
     */
    public record Open(String rule, Map<String, String> labels, boolean firing, Instant since, Optional<Double> value,
            Optional<Double> threshold, boolean notified) {
        public Open {
            labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        }

        /** The labels as {@code k=v,k=v}, for display. */
        public String group() {
            return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(","));
        }
    }

    /**
     * Events of one class on one registry, and how many alerts fired for them (alerts of rules that span
     * classes are counted on a row whose class is {@code *}).
     */
    public record SummaryRow(String registry, String failureClass, long events, long alertsFired) {}
}
