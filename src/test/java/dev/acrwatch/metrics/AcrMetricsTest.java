package dev.acrwatch.metrics;

import dev.acrwatch.testing.MutableClock;
import static dev.acrwatch.metrics.Rows.report;
import static dev.acrwatch.metrics.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.config.MetricsConfig;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.source.QueryFailureReason;
import dev.acrwatch.source.SourceException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AcrMetricsTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final String REG = "prodacr.azurecr.io";
    private static final String L = "{class=\"%s\",operation=\"%s\",registry=\"prodacr.azurecr.io\",status=\"%s\","
            + "table=\"login\",workspace=\"prod\"}";

    private final MutableClock clock = new MutableClock(T0.plusSeconds(300));
    private AcrMetrics metrics;
    private MetricsServer server;
    private Scraper scraper;

    @BeforeEach
    void start() throws Exception {
        MetricsConfig config = new MetricsConfig("127.0.0.1", 0, "/metrics", Optional.empty(), Optional.empty(),
                2, Duration.ofMinutes(10));
        metrics = AcrMetrics.create(config, clock, "1.2.3");
        server = MetricsServer.start(config, metrics, List::of, clock);
        scraper = Scraper.plain(server);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private static String events(String cls, String op, String status, String value) {
        return "acr_events_total" + L.formatted(cls, op, status) + " " + value;
    }

    private static String failures(String table, String cls, String reason, String value) {
        return "acr_failures_total{class=\"" + cls + "\",reason=\"" + reason + "\",registry=\"" + REG
                + "\",table=\"" + table + "\",workspace=\"prod\"} " + value;
    }

    @Test
    void eachCommittedRowIsCountedExactlyOnceByItsCount() throws Exception {
        metrics.onPollCommitted(report("prod", LogTable.LOGIN, T0.plusSeconds(120), List.of(
                row(LogTable.LOGIN, T0, REG, "Pull", "200", "", "", 10),
                row(LogTable.LOGIN, T0, REG, "Pull", "401", "ci-bot", "10.0.0.1", 3))));
        metrics.onPollCommitted(report("prod", LogTable.LOGIN, T0.plusSeconds(180), List.of(
                row(LogTable.LOGIN, T0.plusSeconds(60), REG, "Pull", "401", "ci-bot", "10.0.0.1", 4))));
        metrics.onPollFailed("prod", LogTable.LOGIN, new SourceException(QueryFailureReason.TIMEOUT, "timed out"));

        assertThat(scraper.samples()).contains(
                events("ok", "Pull", "200", "10.0"),
                events("unauthorized", "Pull", "401", "7.0"),
                failures("login", "unauthorized", "rejected_credentials", "7.0"),
                failures("login", "unauthorized", "anonymous", "0.0"));
        assertThat(scraper.samples()).noneMatch(l -> l.startsWith("acr_failures_total{class=\"ok\""));
    }

    @Test
    void configuredRegistriesShowEveryFailureSeriesAtZeroBeforeAnyPoll() throws Exception {
        metrics.registerWorkspace("prod", List.of("ProdAcr.azurecr.io"));

        List<String> failureLines = scraper.samples().stream().filter(l -> l.startsWith("acr_failures_total")).toList();
        List<String> expected = new ArrayList<>();
        for (String table : List.of("login", "repository")) {
            for (String[] cr : new String[][] {{"unauthorized", "anonymous"}, {"unauthorized", "rejected_credentials"},
                    {"forbidden", "none"}, {"throttled", "none"}, {"not_found", "none"}, {"client_error", "none"},
                    {"server_error", "none"}, {"unknown", "unparseable_status"}, {"network_drop", "none"}}) {
                expected.add(failures(table, cr[0], cr[1], "0.0"));
            }
        }
        assertThat(failureLines).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(scraper.samples()).contains(
                "acrwatch_polls_total{outcome=\"failure\",table=\"repository\",workspace=\"prod\"} 0.0",
                "acrwatch_query_failures_total{reason=\"partial\",table=\"login\",workspace=\"prod\"} 0.0",
                "acrwatch_catch_up_cuts_total{table=\"repository\",workspace=\"prod\"} 0.0");
    }

    @Test
    void aRegistryFirstSeenInTheLogsGetsItsFailureSeriesAtZero() throws Exception {
        metrics.onPollCommitted(report("prod", LogTable.REPOSITORY, T0.plusSeconds(120), List.of(
                row(LogTable.REPOSITORY, T0, "NewAcr.AzureCR.io", "Push", "429", "", "", 2))));

        assertThat(scraper.samples()).contains(
                "acr_failures_total{class=\"throttled\",reason=\"none\",registry=\"newacr.azurecr.io\","
                        + "table=\"repository\",workspace=\"prod\"} 2.0",
                "acr_failures_total{class=\"forbidden\",reason=\"none\",registry=\"newacr.azurecr.io\","
                        + "table=\"login\",workspace=\"prod\"} 0.0");
    }

    @Test
    void statusAndOperationValuesFromLogsCollapseToOtherWhenMalformed() throws Exception {
        metrics.onPollCommitted(report("prod", LogTable.LOGIN, T0.plusSeconds(120), List.of(
                row(LogTable.LOGIN, T0, REG, "Pull", "4010", "", "", 1),
                row(LogTable.LOGIN, T0, REG, "Pull", "<script>", "", "", 1),
                row(LogTable.LOGIN, T0, REG, "Pull now please", "200", "", "", 5),
                row(LogTable.LOGIN, T0, REG, "x".repeat(33), "200", "", "", 6),
                row(LogTable.LOGIN, T0, REG, "y".repeat(32), "200", "", "", 7))));

        List<String> events = scraper.samples().stream().filter(l -> l.startsWith("acr_events_total")).toList();
        assertThat(events).containsExactlyInAnyOrder(
                events("unknown", "Pull", "other", "2.0"),
                events("ok", "other", "200", "11.0"),
                events("ok", "y".repeat(32), "200", "7.0"));
    }

    @Test
    void topFailingCallersAppearAndAreRemovedWhenTheyDropOutOfTheTopOrTheWindow() throws Exception {
        metrics.onPollCommitted(report("prod", LogTable.LOGIN, T0.plusSeconds(120), List.of(
                row(LogTable.LOGIN, T0, REG, "Pull", "401", "alice", "10.0.0.1", 5),
                row(LogTable.LOGIN, T0, REG, "Pull", "401", "bob", "10.0.0.2", 3),
                row(LogTable.LOGIN, T0, REG, "Pull", "401", "carol", "", 1),
                row(LogTable.LOGIN, T0, REG, "Pull", "200", "dave", "10.0.0.9", 99))));

        assertThat(top(scraper.samples())).containsExactlyInAnyOrder(
                identity("alice", "5.0"), identity("bob", "3.0"), ip("10.0.0.1", "5.0"), ip("10.0.0.2", "3.0"));

        // carol overtakes bob a minute later: bob's series goes away
        metrics.onPollCommitted(report("prod", LogTable.LOGIN, T0.plusSeconds(180), List.of(
                row(LogTable.LOGIN, T0.plusSeconds(60), REG, "Pull", "401", "carol", "", 9))));
        assertThat(top(scraper.samples())).containsExactlyInAnyOrder(
                identity("carol", "10.0"), identity("alice", "5.0"), ip("10.0.0.1", "5.0"), ip("10.0.0.2", "3.0"));

        // at 10:10:30 the 10:00 bin has left the 10 minute window, with no poll in between
        clock.advance(Duration.ofSeconds(330));
        assertThat(top(scraper.samples())).containsExactly(identity("carol", "9.0"));

        clock.advance(Duration.ofMinutes(2));
        assertThat(top(scraper.samples())).isEmpty();

        // a caller that fails again comes back as a fresh series
        metrics.onPollCommitted(report("prod", LogTable.LOGIN, T0.plusSeconds(900), List.of(
                row(LogTable.LOGIN, T0.plusSeconds(780), REG, "Pull", "401", "alice", "", 2))));
        assertThat(top(scraper.samples())).containsExactly(identity("alice", "2.0"));
    }

    @Test
    void anonymousCallersAreNamedAndHostileCallerValuesAreEscapedAndTruncated() throws Exception {
        String hostile = "evil\"} 1\nacr_fake_total{x=\"y\\";
        String huge = "z".repeat(500);
        metrics.onPollCommitted(report("prod", LogTable.LOGIN, T0.plusSeconds(120), List.of(
                row(LogTable.LOGIN, T0, REG, "Pull", "403", hostile, "", 4),
                row(LogTable.LOGIN, T0, REG, "Pull", "401", "", "", 2),
                row(LogTable.LOGIN, T0, REG, "Pull", "404", huge, "", 1))));

        String body = scraper.get("/metrics").body();
        assertThat(body).contains("acr_top_failing_identity_events{class=\"forbidden\","
                + "identity=\"evil\\\"} 1\\nacr_fake_total{x=\\\"y\\\\\",registry=\"" + REG + "\",workspace=\"prod\"} 4.0\n");
        assertThat(body).contains("identity=\"(anonymous)\"");
        assertThat(body).contains("identity=\"" + "z".repeat(127) + "…\"");
        assertThat(body.lines()).noneMatch(l -> l.startsWith("acr_fake_total"));
    }

    @Test
    void queriesPollsWatermarksAndDelaysAreReportedPerWorkspaceAndTable() throws Exception {
        metrics.onQuery("prod", LogTable.LOGIN, Duration.ofMillis(300), 40, Optional.empty());
        metrics.onQuery("prod", LogTable.LOGIN, Duration.ofSeconds(20), 0, Optional.of(QueryFailureReason.THROTTLED));
        metrics.onPollCommitted(report("prod", LogTable.LOGIN, Instant.ofEpochSecond(1_795_000_000L), List.of(
                row(LogTable.LOGIN, T0, REG, "Pull", "200", "", "", 10, 100, 30),
                row(LogTable.LOGIN, T0, REG, "Pull", "401", "", "", 30, 500, 45)), Duration.ofMinutes(90)));
        // a poll without rows leaves the delay gauges as they were
        clock.advance(Duration.ofSeconds(5));
        metrics.onPollCommitted(report("prod", LogTable.LOGIN, Instant.ofEpochSecond(1_795_000_060L), List.of()));

        String ls = "{table=\"login\",workspace=\"prod\"}";
        assertThat(scraper.samples()).contains(
                "acrwatch_queries_total" + ls + " 2.0",
                "acrwatch_rows_fetched_total" + ls + " 40.0",
                "acrwatch_query_failures_total{reason=\"throttled\",table=\"login\",workspace=\"prod\"} 1.0",
                "acrwatch_query_failures_total{reason=\"timeout\",table=\"login\",workspace=\"prod\"} 0.0",
                "acrwatch_query_duration_seconds_bucket{table=\"login\",workspace=\"prod\",le=\"0.5\"} 1",
                "acrwatch_query_duration_seconds_bucket{table=\"login\",workspace=\"prod\",le=\"30.0\"} 2",
                "acrwatch_query_duration_seconds_count" + ls + " 2",
                "acrwatch_polls_total{outcome=\"success\",table=\"login\",workspace=\"prod\"} 2.0",
                "acrwatch_watermark_timestamp_seconds" + ls + " 1.79500006E9",
                "acrwatch_last_successful_poll_timestamp_seconds" + ls + " " + (double) clock.instant().getEpochSecond(),
                "acrwatch_ingestion_delay_max_seconds" + ls + " 45.0",
                "acrwatch_ingestion_delay_avg_seconds" + ls + " 15.0",
                "acrwatch_catch_up_cut_seconds_total" + ls + " 5400.0",
                "acrwatch_catch_up_cuts_total" + ls + " 1.0",
                "acrwatch_build_info{version=\"1.2.3\"} 1");
    }

    @Test
    void concurrentPollsFromSeveralJobsAreAllCounted() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    metrics.onQuery("prod", LogTable.LOGIN, Duration.ofMillis(10), 1, Optional.empty());
                    metrics.onPollCommitted(report("prod", LogTable.LOGIN, T0.plusSeconds(100 + n), List.of(
                            row(LogTable.LOGIN, T0, REG, "Pull", "401", "id-" + (n % 7), "10.0.0." + (n % 5), 1))));
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(scraper.samples()).contains(
                events("unauthorized", "Pull", "401", "200.0"),
                "acrwatch_queries_total{table=\"login\",workspace=\"prod\"} 200.0",
                identity("id-0", "29.0"), identity("id-1", "29.0"));
    }

    private static List<String> top(List<String> samples) {
        return samples.stream().filter(l -> l.startsWith("acr_top_")).toList();
    }

    private static String identity(String who, String value) {
        return "acr_top_failing_identity_events{class=\"unauthorized\",identity=\"" + who + "\",registry=\"" + REG
                + "\",workspace=\"prod\"} " + value;
    }

    private static String ip(String who, String value) {
        return "acr_top_failing_caller_ip_events{caller_ip=\"" + who + "\",class=\"unauthorized\",registry=\"" + REG
                + "\",workspace=\"prod\"} " + value;
    }
}
