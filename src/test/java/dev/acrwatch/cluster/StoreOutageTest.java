package dev.acrwatch.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acrwatch.config.Secret;
import dev.acrwatch.config.StoreConfig;
import dev.acrwatch.daemon.DemoRun;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.testing.ExternalTool;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stops in the middle of the demo story and comes back: meanwhile the daemon keeps serving
 * {@code /metrics}, reports not-ready and {@code acrwatch_store_up 0}; afterwards it resumes where the store
 * left off, with every event counted once and every notification sent once.
 */
class StoreOutageTest {

    /**
     * Real time: what the database, the pool and Quartz see; six minutes of story at speed 60. The database goes
     * down right after the 401 alert went out and is back in the 403 or 429 phase, so the minutes in between are
     * stepped through after the outage (before the firewall phase, whose live probe alert would otherwise inhibit
     * the 403s of the gap: see docs/state.md). Whether acrwatch_blind fires depends on when the first evaluation
     * after the outage runs: if it does, it must fire and resolve once.
     */
    private static final Duration OUTAGE = Duration.ofSeconds(6);

    @TempDir
    static Path tmp;
    private static EmbeddedPostgres pg;
    private static int port;
    private static DemoRun demo;
    private static final StoryRecord story = new StoryRecord();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static String metricsDuringOutage;
    private static String readyzDuringOutage;
    private static Duration recovery;

    @BeforeAll
    static void playTheStoryWithAnOutageInTheMiddle() throws Exception {
        port = ExternalTool.freePort();
        pg = startPostgres();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE DATABASE outage");
        }
        StoreConfig store = new StoreConfig(StoreConfig.Kind.POSTGRES, Path.of("."),
                Optional.of("jdbc:postgresql://127.0.0.1:" + port + "/outage"), Optional.of("postgres"),
                Optional.of(Secret.of("unused-with-trust-auth")), Duration.ofSeconds(2), Optional.of("node-a"));
        demo = DemoRun.start(new DemoRun.Settings(60, Duration.ofMinutes(10), "127.0.0.1", 0, 5, null)
                .withStore(store), null, List.of(story.recorder("node-a")), "test");

        // Once the first alert went out and nothing is in flight: a database that dies between a receiver's accept
        // and the outbox commit makes that one send repeat after the outage (same Message-ID) — see docs/state.md.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20)).until(() ->
                StoryRecord.slack(demo).contains("acr_login_auth_failures FIRING")
                        && StoryRecord.emails(demo).size() == 1 && StoryRecord.openOutboxEntries(pg, "outage") == 0);
        pg.close();
        Instant stopped = Instant.now();

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() ->
                get("/readyz").statusCode() == 503);
        // For the rest of the outage, /metrics keeps answering and says the store is down.
        await().during(OUTAGE.minus(Duration.between(stopped, Instant.now()))).atMost(OUTAGE.plusSeconds(10))
                .pollInterval(Duration.ofMillis(500)).until(() -> get("/metrics").statusCode() == 200
                        && get("/metrics").body().contains("acrwatch_store_up{kind=\"postgres\"} 0"));
        metricsDuringOutage = get("/metrics").body();
        readyzDuringOutage = get("/readyz").body();

        pg = startPostgres();
        Instant restarted = Instant.now();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                story.commits.stream().anyMatch(c -> c.at().isAfter(restarted)));
        recovery = Duration.between(restarted, Instant.now());

        Instant storyEnd = demo.story().start().plus(demo.story().length());
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() ->
                story.watermark(LogTable.LOGIN).isAfter(storyEnd) && story.watermark(LogTable.REPOSITORY).isAfter(storyEnd)
                        && StoryRecord.slack(demo).stream().filter(n -> !n.startsWith("acrwatch_blind ")).count()
                                >= StoryRecord.STORY_ALERTS.size());
    }

    private static EmbeddedPostgres startPostgres() throws Exception {
        return EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").setPort(port)
                .setDataDirectory(tmp.resolve("pgdata")).setCleanDataDirectory(false).start();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(demo.daemon().server().url()).resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @AfterAll
    static void stop() throws Exception {
        if (demo != null) {
            demo.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void duringTheOutageMetricsAreServedAndTheNodeSaysWhyItIsNotReady() {
        assertThat(readyzDuringOutage).contains("state store: unreachable");
        assertThat(metricsDuringOutage).contains("acrwatch_store_up{kind=\"postgres\"} 0")
                .containsPattern("acrwatch_store_failures_total\\{kind=\"postgres\"} [1-9]");
    }

    @Test
    void afterTheOutageEveryEventIsCountedOnceAndEveryNotificationSentOnce() throws Exception {
        StoryRecord.Tally tally = story.tally(demo);
        assertThat(tally.mismatches()).isEmpty();
        assertThat(tally.countedTwice()).isZero();
        assertThat(tally.missed()).isZero();
        List<String> slack = StoryRecord.slack(demo);
        List<String> blind = slack.stream().filter(n -> n.startsWith("acrwatch_blind ")).toList();
        assertThat(blind.isEmpty() || blind.equals(List.of("acrwatch_blind FIRING", "acrwatch_blind RESOLVED")))
                .as("acrwatch_blind either stayed quiet or fired and resolved once: " + blind).isTrue();
        assertThat(slack).filteredOn(n -> !n.startsWith("acrwatch_blind "))
                .containsExactlyInAnyOrderElementsOf(StoryRecord.STORY_ALERTS);
        assertThat(StoryRecord.emails(demo)).hasSameSizeAs(slack).doesNotHaveDuplicates();
        StoryRecord.report("store-outage", String.format("""
                PostgreSQL outage (one node, demo story at speed 60, database stopped for %ds)
                  events processed:        %d
                  events counted twice:    %d
                  events missed:           %d
                  notifications arrived:   %d email, %d slack (each once: the story's 10, and acrwatch_blind
                                           firing and resolved if the outage outlasted blind_after)
                  first poll committed:    %d ms after the database was back
                """, OUTAGE.toSeconds(), tally.processed(), tally.countedTwice(), tally.missed(),
                StoryRecord.emails(demo).size(), StoryRecord.slack(demo).size(), recovery.toMillis()));
    }
}
