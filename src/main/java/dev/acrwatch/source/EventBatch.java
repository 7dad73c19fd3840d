package dev.acrwatch.source;

import dev.acrwatch.event.EventCount;
import java.util.List;

/**
 * The complete, summarized result of one poll interval (possibly assembled from split queries).
 *
 * @param resultRows the rows the service returned, which the API caps; one of them can carry several
 *                   {@code rows} (a minute's caller IPs are packed into one result row)
 */
public record EventBatch(IngestionInterval interval, List<EventCount> rows, int queriesSent, int resultRows) {

    public EventBatch {
        rows = List.copyOf(rows);
    }

    /** A batch whose result rows are its rows (sources that do not pack). */
    public EventBatch(IngestionInterval interval, List<EventCount> rows, int queriesSent) {
        this(interval, rows, queriesSent, rows.size());
    }

    public long eventTotal() {
        long n = 0;
        for (EventCount r : rows) {
            n += r.count();
        }
        return n;
    }
}
