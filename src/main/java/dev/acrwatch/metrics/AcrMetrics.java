package dev.acrwatch.metrics;

import dev.acrwatch.config.MetricsConfig;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.poll.ClassifiedCount;
import dev.acrwatch.poll.PollListener;
import dev.acrwatch.poll.PollReport;
import dev.acrwatch.source.QueryFailureReason;
import dev.acrwatch.source.QueryListener;
import dev.acrwatch.source.SourceException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * All acr-watch meters: told about committed and failed polls and about every query, and
 * rendered on scrape. Safe to call from several poll jobs at once.
 */
public final class AcrMetrics implements PollListener, QueryListener, Scrapeable {

    private final PrometheusMeterRegistry registry;
    private final Clock clock;
    private final EventMetrics events;
    private final SelfMetrics self;
    private final TopCallerGauges topCallers;

    /**
     * @param topN      failing callers exported per registry, class and dimension
     * @param topWindow trailing TimeGenerated window of the top-N counts
     * @param version   the build's version, for acrwatch_build_info
     */
    public AcrMetrics(PrometheusMeterRegistry registry, int topN, Duration topWindow, Clock clock, String version) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.events = new EventMetrics(registry);
        this.self = new SelfMetrics(registry, Objects.requireNonNull(version, "version"));
        this.topCallers = new TopCallerGauges(registry, topN, topWindow);
    }

    /** Meters on a fresh Prometheus registry, sized by the metrics config. */
    public static AcrMetrics create(MetricsConfig config, Clock clock, String version) {
        return new AcrMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), config.topN(), config.topWindow(),
                clock, version);
    }

    /** Pre-registers a workspace's series at 0 so dashboards show 0 before the first poll. */
    public void registerWorkspace(String name, List<String> registries) {
        for (LogTable table : LogTable.values()) {
            self.registerTable(name, table);
        }
        for (String loginServer : registries) {
            events.registerRegistry(name, loginServer);
        }
    }

    @Override
    public void onPollCommitted(PollReport report) {
        events.recordAll(report.workspace(), report.rows());
        topCallers.addAll(report.workspace(), report.rows());
        self.onPollCommitted(report, clock.instant());
        topCallers.refresh(clock.instant());
    }

    @Override
    public void onPollFailed(String workspace, LogTable table, SourceException failure) {
        self.onPollFailed(workspace, table);
    }

    @Override
    public void onQuery(String workspace, LogTable table, Duration elapsed, int rows,
            Optional<QueryFailureReason> failure) {
        self.onQuery(workspace, table, elapsed, rows, failure);
    }

    /** Refreshes the top-N gauges (callers age out of the window between polls too) and renders. */
    @Override
    public String scrape(String contentType) {
        topCallers.refresh(clock.instant());
        return registry.scrape(contentType);
    }

    /** The underlying registry, for meters defined elsewhere (probes, notifiers). */
    public PrometheusMeterRegistry registry() {
        return registry;
    }
}
