package dev.acrwatch.source.simulator;

import dev.acrwatch.event.LogTable;
import java.time.Instant;

/** One simulated request as the registry would log it, with the time it becomes queryable. */
public record SimEvent(
        LogTable table,
        Instant timeGenerated,
        Instant ingestionTime,
        String loginServer,
        String operation,
        String status,
        String identity,
        String callerIp,
        String repository) {

    public boolean isFailure() {
        return !(status.startsWith("2") || status.startsWith("3"));
    }
}
