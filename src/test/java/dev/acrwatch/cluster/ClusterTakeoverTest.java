package dev.acrwatch.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acrwatch.config.Secret;
import dev.acrwatch.config.StoreConfig;
import dev.acrwatch.daemon.Daemon;
import dev.acrwatch.daemon.DemoRun;
import dev.acrwatch.event.LogTable;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two daemons on one real PostgreSQL play the demo story against one simulated workspace, sending to one
 * GreenMail server and one Slack sink. Mid-story, after the first alert went out, one node is halted as
 * abruptly as the JVM allows (nothing flushed, its connections closed under it); the other takes over its
 * polls. Every event must be counted once, and every notification must arrive once.
 */
class ClusterTakeoverTest {

    private static final Duration CHECKIN = Duration.ofSeconds(2);

    private static EmbeddedPostgres pg;
    private static final StoryRecord story = new StoryRecord();
    private static DemoRun demo;
    private static Daemon nodeB;
    private static Instant haltedAt;
    private static Duration takeover;

    @BeforeAll
    static void playTheStoryOnTwoNodesAndHaltOneMidway() throws Exception {
        pg = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE DATABASE cluster");
        }
        StoreConfig store = new StoreConfig(StoreConfig.Kind.POSTGRES, Path.of("."),
                Optional.of("jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/cluster"), Optional.of("postgres"),
                Optional.of(Secret.of("unused-with-trust-auth")), CHECKIN, Optional.of("node-a"));
        DemoRun.Settings s = new DemoRun.Settings(100, Duration.ofMinutes(10), "127.0.0.1", 0, 7, null)
                .withStore(store);
        demo = DemoRun.start(s, null, List.of(story.recorder("node-a")), "test");
        nodeB = demo.startAnotherNode(List.of(story.recorder("node-b")), "node-b");

        // Mid-run: the 401 alert went out by email and Slack, and no send is in flight. (A node killed between a
        // receiver's accept and the outbox commit makes the survivor send that one again after the lease — the
        // one window no outbox closes; the email keeps its Message-ID, so mail clients show it once.)
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20)).until(() ->
                StoryRecord.slack(demo).contains("acr_login_auth_failures FIRING") && StoryRecord.emails(demo).size() == 1
                        && StoryRecord.openOutboxEntries(pg, "cluster") == 0);
        haltedAt = Instant.now();
        demo.daemon().halt();

        // Takeover: the survivor commits polls of both tables that started after the halt.
        await().atMost(CHECKIN.multipliedBy(10)).pollInterval(Duration.ofMillis(20)).until(() ->
                List.of(LogTable.values()).stream().allMatch(t -> story.commits.stream().anyMatch(c ->
                        c.node().equals("node-b") && c.report().table() == t && c.at().isAfter(haltedAt))));
        takeover = Duration.between(haltedAt, Instant.now());

        Instant storyEnd = demo.story().start().plus(demo.story().length());
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() ->
                story.watermark(LogTable.LOGIN).isAfter(storyEnd) && story.watermark(LogTable.REPOSITORY).isAfter(storyEnd)
                        && StoryRecord.slack(demo).size() >= StoryRecord.STORY_ALERTS.size());
        nodeB.close();
    }

    @AfterAll
    static void stop() throws Exception {
        if (nodeB != null) {
            nodeB.close();
        }
        if (demo != null) {
            demo.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void bothNodesWorkedAndEveryEventIsCountedOnceAcrossThemAndTheTakeover() throws Exception {
        StoryRecord.Tally tally = story.tally(demo);
        assertThat(tally.mismatches()).isEmpty();
        assertThat(tally.countedTwice()).as("events counted twice").isZero();
        assertThat(tally.missed()).as("events missed").isZero();
        assertThat(story.failures).isEmpty();
        Map<String, Long> byNode = story.commits.stream()
                .collect(Collectors.groupingBy(StoryRecord.Commit::node, TreeMap::new, Collectors.counting()));
        assertThat(byNode).containsKeys("node-a", "node-b");
        assertThat(takeover).as("takeover within the check-in interval (plus one poll)")
                .isLessThan(CHECKIN.plus(Duration.ofSeconds(2)));

        List<String> slack = StoryRecord.slack(demo);
        List<String> emails = StoryRecord.emails(demo);
        long duplicates = slack.size() - slack.stream().distinct().count()
                + emails.size() - emails.stream().distinct().count();
        long lost = 2L * StoryRecord.STORY_ALERTS.size() - slack.stream().distinct().count()
                - emails.stream().distinct().count();
        StoryRecord.report("cluster-takeover", String.format("""
                cluster takeover (two nodes, embedded PostgreSQL, demo story at speed 100, check-in %ss)
                  events processed:        %d
                  events counted twice:    %d
                  events missed:           %d
                  polls committed by node: %s
                  notifications arrived:   %d email, %d slack
                  notifications lost:      %d
                  notification duplicates: %d
                  takeover time:           %d ms (halt to the survivor's first committed poll of every table)
                """, CHECKIN.toSeconds(), tally.processed(), tally.countedTwice(), tally.missed(), byNode,
                emails.size(), slack.size(), lost, duplicates, takeover.toMillis()));
    }

    @Test
    void everyAlertOfTheStoryArrivesOnceByEmailAndOnceBySlack() throws Exception {
        assertThat(StoryRecord.slack(demo)).containsExactlyInAnyOrderElementsOf(StoryRecord.STORY_ALERTS);
        assertThat(StoryRecord.emails(demo)).hasSize(StoryRecord.STORY_ALERTS.size()).doesNotHaveDuplicates();
    }
}
