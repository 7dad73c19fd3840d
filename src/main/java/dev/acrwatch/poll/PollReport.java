package dev.acrwatch.poll;

import dev.acrwatch.event.LogTable;
import dev.acrwatch.source.IngestionInterval;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one committed poll produced.
 *
 * @param cutByCatchUpCap ingestion time skipped because the gap exceeded max_catch_up (ZERO if none)
 */
public record PollReport(
        String workspace,
        LogTable table,
        IngestionInterval interval,
        List<ClassifiedCount> rows,
        Instant newWatermark,
        Duration cutByCatchUpCap) {

    public PollReport {
        rows = List.copyOf(rows);
    }
}
