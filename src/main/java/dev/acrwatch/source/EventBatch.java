package dev.acrwatch.source;

import dev.acrwatch.event.EventCount;
import java.util.List;

/** The complete, summarized result of one poll interval (possibly assembled from split queries). */
public record EventBatch(IngestionInterval interval, List<EventCount> rows, int queriesSent) {

    public EventBatch {
        rows = List.copyOf(rows);
    }

    public long eventTotal() {
        long n = 0;
        for (EventCount r : rows) {
            n += r.count();
        }
        return n;
    }
}
