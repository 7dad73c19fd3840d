package dev.acrwatch.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrwatch.config.Secret;
import dev.acrwatch.config.StoreConfig;
import dev.acrwatch.daemon.Daemon;
import dev.acrwatch.daemon.DemoRun;
import dev.acrwatch.daemon.DemoSinks;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.poll.PollListener;
import dev.acrwatch.poll.PollReport;
import dev.acrwatch.source.SourceException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private static final Pattern SLACK_TITLE = Pattern.compile("^\\[(FIRING|RESOLVED)] .* \\((\\w+)\\)$");
    private static final Pattern MESSAGE_ID = Pattern.compile("(?mi)^Message-ID: (\\S+)");

    record Commit(String node, PollReport report, Instant at) {}

    private static EmbeddedPostgres pg;
    private static final List<Commit> commits = new CopyOnWriteArrayList<>();
    private static final List<String> failures = new CopyOnWriteArrayList<>();
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
        demo = DemoRun.start(s, null, List.of(recorder("node-a")), "test");
        nodeB = demo.startAnotherNode(List.of(recorder("node-b")), "node-b");

        // Mid-run: the 401 alert went out by email and Slack, and no send is in flight. (A node killed between a
        // receiver's accept and the outbox commit makes the survivor send that one again after the lease — the
        // one window no outbox closes; the email keeps its Message-ID, so mail clients show it once.)
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20)).until(() ->
                slack().contains("acr_login_auth_failures FIRING") && emails().size() == 1 && openOutboxEntries() == 0);
        haltedAt = Instant.now();
        demo.daemon().halt();

        // Takeover: the survivor commits polls of both tables that started after the halt.
        await().atMost(CHECKIN.multipliedBy(10)).pollInterval(Duration.ofMillis(20)).until(() ->
                List.of(LogTable.values()).stream().allMatch(t -> commits.stream().anyMatch(c ->
                        c.node().equals("node-b") && c.report().table() == t && c.at().isAfter(haltedAt))));
        takeover = Duration.between(haltedAt, Instant.now());

        Instant storeEnd = demo.story().start().plus(demo.story().length());
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() ->
                watermark(LogTable.LOGIN).isAfter(storeEnd) && watermark(LogTable.REPOSITORY).isAfter(storeEnd)
                        && slack().size() >= 10);
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
        long processed = 0;
        long countedTwice = 0;
        long missed = 0;
        for (LogTable table : LogTable.values()) {
            List<PollReport> mine = commits.stream().map(Commit::report).filter(r -> r.table() == table)
                    .sorted(Comparator.comparing(r -> r.interval().fromExclusive())).toList();
            for (int i = 1; i < mine.size(); i++) {
                Instant prevEnd = mine.get(i - 1).newWatermark();
                Instant from = mine.get(i).interval().fromExclusive();
                if (from.isBefore(prevEnd)) {
                    countedTwice += countIn(table, from, prevEnd);
                } else if (from.isAfter(prevEnd)) {
                    missed += countIn(table, prevEnd, from);
                }
            }
            Instant from = mine.get(0).interval().fromExclusive();
            Instant to = mine.get(mine.size() - 1).newWatermark();
            long counted = mine.stream().flatMap(r -> r.rows().stream()).mapToLong(c -> c.row().count()).sum();
            long truth = countIn(table, from, to);
            processed += counted;
            assertThat(counted).as(table + ": events counted vs ingested").isEqualTo(truth);
        }
        assertThat(countedTwice).as("events counted twice").isZero();
        assertThat(missed).as("events missed").isZero();
        assertThat(failures).isEmpty();
        Map<String, Long> byNode = commits.stream().collect(Collectors.groupingBy(Commit::node, Collectors.counting()));
        assertThat(byNode).containsKeys("node-a", "node-b");
        assertThat(takeover).as("takeover within the check-in interval (plus one poll)")
                .isLessThan(CHECKIN.plus(Duration.ofSeconds(2)));

        figures(processed, countedTwice, missed, byNode);
    }

    @Test
    void everyAlertOfTheStoryArrivesOnceByEmailAndOnceBySlack() throws Exception {
        assertThat(slack()).containsExactlyInAnyOrder(
                "acr_login_auth_failures FIRING", "acr_login_auth_failures RESOLVED",
                "acr_forbidden_pulls FIRING", "acr_forbidden_pulls RESOLVED",
                "acr_throttled FIRING", "acr_throttled RESOLVED",
                "acrwatch_expected_caller FIRING", "acrwatch_expected_caller RESOLVED",
                "acrwatch_probe FIRING", "acrwatch_probe RESOLVED");
        List<String> emails = emails();
        assertThat(emails).hasSize(10).doesNotHaveDuplicates();
    }

    private static void figures(long processed, long twice, long missed, Map<String, Long> byNode) throws Exception {
        List<String> slack = slack();
        long duplicates = slack.size() - slack.stream().distinct().count()
                + emails().size() - emails().stream().distinct().count();
        long lost = 10 - slack.stream().distinct().count() + 10 - emails().stream().distinct().count();
        String text = String.format("""
                cluster takeover (two nodes, embedded PostgreSQL, demo story at speed 100, check-in %ss)
                  events processed:        %d
                  events counted twice:    %d
                  events missed:           %d
                  polls committed by node: %s
                  notifications sent:      %d email, %d slack
                  notifications lost:      %d
                  notification duplicates: %d
                  takeover time:           %d ms (halt to the survivor's first committed poll of every table)
                """, CHECKIN.toSeconds(), processed, twice, missed, new java.util.TreeMap<>(byNode),
                emails().size(), slack.size(), lost, duplicates, takeover.toMillis());
        System.out.print(text);
        Path out = Path.of("target", "test-figures");
        Files.createDirectories(out);
        Files.writeString(out.resolve("cluster-takeover.txt"), text);
    }

    private static long countIn(LogTable table, Instant fromExclusive, Instant toInclusive) {
        return demo.workspace().eventsUpTo(toInclusive).stream()
                .filter(e -> e.table() == table && e.ingestionTime().isAfter(fromExclusive)).count();
    }

    private static List<String> slack() throws Exception {
        List<String> out = new ArrayList<>();
        for (DemoSinks.Received r : demo.notifications()) {
            if (r.kind().equals("slack")) {
                Matcher m = SLACK_TITLE.matcher(new ObjectMapper().readTree(r.payload())
                        .at("/blocks/0/text/text").asText());
                out.add(m.matches() ? m.group(2) + " " + m.group(1) : "unparsed: " + r.summary());
            }
        }
        return out;
    }

    /** The Message-ID of every email that arrived: stable per notification, so a resend would repeat it. */
    private static List<String> emails() {
        return demo.notifications().stream().filter(r -> r.kind().equals("email")).map(r -> {
            Matcher m = MESSAGE_ID.matcher(r.payload());
            return m.find() ? m.group(1) : "no Message-ID: " + r.summary();
        }).toList();
    }

    private static long openOutboxEntries() throws Exception {
        try (Connection c = pg.getDatabase("postgres", "cluster").getConnection(); Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*) FROM outbox WHERE state IN ('PENDING', 'IN_FLIGHT')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Instant watermark(LogTable table) {
        return commits.stream().map(Commit::report).filter(r -> r.table() == table).map(PollReport::newWatermark)
                .max(Instant::compareTo).orElse(Instant.EPOCH);
    }

    private static PollListener recorder(String node) {
        return new PollListener() {
            @Override
            public void onPollCommitted(PollReport report) {
                commits.add(new Commit(node, report, Instant.now()));
            }

            @Override
            public void onPollFailed(String workspace, LogTable table, SourceException failure) {
                failures.add(node + " " + table + ": " + failure.getMessage());
            }
        };
    }
}
