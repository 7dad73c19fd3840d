package dev.acrwatch.metrics;

import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.poll.ClassifiedCount;
import dev.acrwatch.poll.PollReport;
import dev.acrwatch.source.QueryFailureReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** acrwatch_*: the daemon's own health — queries, polls, watermarks, ingestion delay, catch-up cuts. */
final class SelfMetrics {

    // Log Analytics answers in well under a second to the 10 minute server timeout.
    private static final Duration[] QUERY_BUCKETS = {
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
        Duration.ofSeconds(60), Duration.ofSeconds(180), Duration.ofSeconds(600)
    };

    /** A gauge's value; gauges read it at scrape time. */
    private static final class Cell {
        private volatile double value;
    }

    private final MeterRegistry registry;
    private final Map<String, Cell> cells = new ConcurrentHashMap<>();
    private final Set<String> knownTables = ConcurrentHashMap.newKeySet();

    SelfMetrics(MeterRegistry registry, String version) {
        this.registry = registry;
        Gauge.builder("acrwatch.build.info", () -> 1)
                .description("Always 1; the version label tells which acr-watch build is running")
                .tag("version", version)
                .register(registry);
    }

    /** Pre-registers the counters of one workspace and table at 0 (once; later calls are no-ops). */
    void registerTable(String workspace, LogTable table) {
        if (!knownTables.add(workspace + '\n' + table.label())) {
            return;
        }
        for (QueryFailureReason reason : QueryFailureReason.values()) {
            queryFailures(workspace, table, reason);
        }
        polls(workspace, table, "success");
        polls(workspace, table, "failure");
        queries(workspace, table);
        rowsFetched(workspace, table);
        catchUpCutSeconds(workspace, table);
        catchUpCuts(workspace, table);
        queryTimer(workspace, table);
    }

    void onQuery(String workspace, LogTable table, Duration elapsed, int rows, Optional<QueryFailureReason> failure) {
        registerTable(workspace, table);
        queryTimer(workspace, table).record(elapsed);
        queries(workspace, table).increment();
        rowsFetched(workspace, table).increment(Math.max(0, rows));
        failure.ifPresent(reason -> queryFailures(workspace, table, reason).increment());
    }

    void onPollCommitted(PollReport report, Instant now) {
        String ws = report.workspace();
        LogTable table = report.table();
        registerTable(ws, table);
        polls(ws, table, "success").increment();
        gauge("acrwatch.watermark.timestamp", ws, table,
                "Ingestion time up to which logs have been read and committed (Unix seconds)")
                .value = epochSeconds(report.newWatermark());
        gauge("acrwatch.last.successful.poll.timestamp", ws, table,
                "When the last poll committed (Unix seconds); alert when it falls behind")
                .value = epochSeconds(now);
        if (!report.cutByCatchUpCap().isZero() && !report.cutByCatchUpCap().isNegative()) {
            catchUpCutSeconds(ws, table).increment(report.cutByCatchUpCap().toMillis() / 1000.0);
            catchUpCuts(ws, table).increment();
        }
        recordIngestionDelay(ws, table, report);
    }

    void onPollFailed(String workspace, LogTable table) {
        registerTable(workspace, table);
        polls(workspace, table, "failure").increment();
    }

    // Only polls that had rows say anything about delay; an idle poll keeps the last known values.
    private void recordIngestionDelay(String ws, LogTable table, PollReport report) {
        double max = 0;
        double sum = 0;
        long count = 0;
        for (ClassifiedCount row : report.rows()) {
            EventCount e = row.row();
            max = Math.max(max, e.ingestDelayMaxSeconds());
            sum += e.ingestDelaySumSeconds();
            count += e.count();
        }
        if (count == 0) {
            return;
        }
        gauge("acrwatch.ingestion.delay.max", ws, table,
                "Largest ingestion delay (ingestion time minus TimeGenerated) in the last poll that had rows")
                .value = max;
        gauge("acrwatch.ingestion.delay.avg", ws, table,
                "Mean ingestion delay (ingestion time minus TimeGenerated) in the last poll that had rows")
                .value = sum / count;
    }

    private Cell gauge(String name, String ws, LogTable table, String description) {
        return cells.computeIfAbsent(name + '\n' + ws + '\n' + table.label(), k -> {
            Cell cell = new Cell();
            Gauge.builder(name, cell, c -> c.value)
                    .description(description)
                    .baseUnit("seconds")
                    .tag("workspace", ws)
                    .tag("table", table.label())
                    .strongReference(true)
                    .register(registry);
            return cell;
        });
    }

    private static double epochSeconds(Instant t) {
        return t.getEpochSecond() + t.getNano() / 1e9;
    }

    private Timer queryTimer(String ws, LogTable table) {
        return Timer.builder("acrwatch.query.duration")
                .description("Time per Log Analytics query, including retries and split halves")
                .tags("workspace", ws, "table", table.label())
                .serviceLevelObjectives(QUERY_BUCKETS)
                .register(registry);
    }

    private Counter queries(String ws, LogTable table) {
        return Counter.builder("acrwatch.queries")
                .description("Log Analytics queries sent, including retries and split halves")
                .tags("workspace", ws, "table", table.label())
                .register(registry);
    }

    private Counter rowsFetched(String ws, LogTable table) {
        return Counter.builder("acrwatch.rows.fetched")
                .description("Summarized rows returned by Log Analytics queries")
                .tags("workspace", ws, "table", table.label())
                .register(registry);
    }

    private Counter queryFailures(String ws, LogTable table, QueryFailureReason reason) {
        return Counter.builder("acrwatch.query.failures")
                .description("Log Analytics queries that failed, by reason")
                .tags("workspace", ws, "table", table.label(), "reason", reason.label())
                .register(registry);
    }

    private Counter polls(String ws, LogTable table, String outcome) {
        return Counter.builder("acrwatch.polls")
                .description("Polls finished, by outcome; a failed poll is repeated from the same watermark")
                .tags("workspace", ws, "table", table.label(), "outcome", outcome)
                .register(registry);
    }

    private Counter catchUpCutSeconds(String ws, LogTable table) {
        return Counter.builder("acrwatch.catch.up.cut")
                .description("Ingestion time skipped unread because the backlog exceeded max_catch_up")
                .baseUnit("seconds")
                .tags("workspace", ws, "table", table.label())
                .register(registry);
    }

    private Counter catchUpCuts(String ws, LogTable table) {
        return Counter.builder("acrwatch.catch.up.cuts")
                .description("Polls that skipped ingestion time because the backlog exceeded max_catch_up")
                .tags("workspace", ws, "table", table.label())
                .register(registry);
    }
}
