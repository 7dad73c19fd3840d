package dev.acrwatch.event;

import java.time.Instant;
import java.util.Objects;

/**
 * One server-side summarized row: how many events of one kind happened in one TimeGenerated
 * minute. Identity, caller IP and repository are empty strings unless the row is a failure
 * (or, later, an expected caller) — that keeps results small.
 *
 * @param minute          TimeGenerated truncated to the minute (the window bin)
 * @param status          ResultDescription as logged ("200", "401", …), possibly garbage
 * @param maxIngestion    latest ingestion_time() among the counted events
 * @param ingestDelaySumSeconds sum over events of (ingestion_time − TimeGenerated)
 * @param ingestDelayMaxSeconds max over events of (ingestion_time − TimeGenerated)
 */
public record EventCount(
        LogTable table,
        Instant minute,
        String loginServer,
        String operation,
        String status,
        String identity,
        String callerIp,
        String repository,
        long count,
        Instant maxIngestion,
        double ingestDelaySumSeconds,
        double ingestDelayMaxSeconds) {

    public EventCount {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(minute, "minute");
        loginServer = nullToEmpty(loginServer);
        operation = nullToEmpty(operation);
        status = nullToEmpty(status);
        identity = nullToEmpty(identity);
        callerIp = nullToEmpty(callerIp);
        repository = nullToEmpty(repository);
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, found " + count);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
