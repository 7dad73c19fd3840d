package dev.acrwatch.poll;

import dev.acrwatch.alert.AlertStatus;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a backtest found: the notifications that would have been sent, in order, and counts per registry
 * and class.
 */
public record BacktestResult(List<Entry> timeline, List<SummaryRow> summary, long rows, long events) {

    public BacktestResult {
        timeline = List.copyOf(timeline);
        summary = List.copyOf(summary);
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
     * Events of one class on one registry, and how many alerts fired for them (alerts of rules that span
     * classes are counted on a row whose class is {@code *}).
     */
    public record SummaryRow(String registry, String failureClass, long events, long alertsFired) {}
}
