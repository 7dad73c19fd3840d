package dev.acrwatch.config;

import java.text.ParseException;
import java.time.Duration;
import java.util.Optional;
import org.quartz.CronExpression;

/** Parses the top-level {@code poll} map. */
final class PollSection {

    private static final Duration ZERO = Duration.ZERO;
    private static final Duration ONE_SECOND = Duration.ofSeconds(1);

    private PollSection() {}

    static PollConfig parse(Node poll) {
        PollConfig d = PollConfig.defaults();
        Duration interval = poll.duration("interval", d.interval(), ONE_SECOND, null);
        Optional<String> cron = poll.string("cron").flatMap(text -> cron(poll, text));
        if (poll.has("interval") && poll.has("cron")) {
            poll.error("cron", "set either interval or cron, not both");
        }
        Duration settle = poll.duration("settle", d.settle(), ZERO, null);
        Duration maxCatchUp = poll.duration("max_catch_up", d.maxCatchUp(), ONE_SECOND, null);
        Duration initialLookback = poll.duration("initial_lookback", d.initialLookback(), ZERO, null);
        if (initialLookback.compareTo(maxCatchUp) > 0) {
            poll.error("initial_lookback", "must not be longer than max_catch_up (" + Durations.format(maxCatchUp)
                    + "), found " + Render.quote(Durations.format(initialLookback)));
        }
        Duration lateTolerance = poll.duration("late_tolerance", d.lateTolerance(), ZERO, null);
        // 10m is the Log Analytics maximum for Prefer: wait
        Duration serverTimeout = poll.duration("server_timeout", d.serverTimeout(), ONE_SECOND, Duration.ofMinutes(10));
        int maxAttempts = poll.integer("max_attempts", d.maxAttempts(), 1, 20);
        Duration retryBaseDelay = poll.duration("retry_base_delay", d.retryBaseDelay(), Duration.ofMillis(1), null);
        // 500000 rows is the Log Analytics result limit
        int splitRows = poll.integer("split_rows", d.splitRows(), 1, 500_000);
        poll.finish();
        return new PollConfig(interval, cron, settle, maxCatchUp, initialLookback, lateTolerance,
                serverTimeout, maxAttempts, retryBaseDelay, splitRows);
    }

    private static Optional<String> cron(Node poll, String text) {
        try {
            new CronExpression(text);
            return Optional.of(text);
        } catch (ParseException e) {
            poll.error("cron", "expected a Quartz cron expression like \"0 * * * * ?\", found " + Render.quote(text)
                    + " (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }
}
