package dev.acrwatch.config;

import java.time.Duration;
import java.util.Optional;

/**
 * When and how far each (workspace, table) job queries.
 *
 * @param interval        time between polls (ignored when cron is set)
 * @param cron            Quartz cron expression, alternative to interval
 * @param settle          how far behind now a poll stops, so late-ingested rows are not skipped
 * @param maxCatchUp      longest gap a poll will fill after downtime; older events are cut
 * @param initialLookback how far back the very first poll starts
 * @param lateTolerance   oldest TimeGenerated (relative to the interval start) a row may carry
 * @param serverTimeout   {@code Prefer: wait} server-side timeout for a query
 * @param maxAttempts     attempts per query before the poll fails
 * @param retryBaseDelay  first backoff delay (doubles per attempt) when no Retry-After is given
 * @param splitRows       a result with at least this many rows is split and asked again
 */
public record PollConfig(
        Duration interval,
        Optional<String> cron,
        Duration settle,
        Duration maxCatchUp,
        Duration initialLookback,
        Duration lateTolerance,
        Duration serverTimeout,
        int maxAttempts,
        Duration retryBaseDelay,
        int splitRows) {

    public static PollConfig defaults() {
        return new PollConfig(Duration.ofSeconds(60), Optional.empty(), Duration.ofMinutes(2),
                Duration.ofHours(6), Duration.ofHours(1), Duration.ofHours(48),
                Duration.ofMinutes(3), 4, Duration.ofSeconds(2), 450_000);
    }
}
