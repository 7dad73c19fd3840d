package dev.acrwatch.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrwatch.daemon.DemoRun;
import dev.acrwatch.daemon.DemoSinks;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.poll.PollListener;
import dev.acrwatch.poll.PollReport;
import dev.acrwatch.source.SourceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the demo story's polls committed (on any node) and what arrived at the receivers, with the checks on both. */
final class StoryRecord {

    /** The notifications the story must produce, each exactly once per receiver. */
    static final List<String> STORY_ALERTS = List.of(
            "acr_login_auth_failures FIRING", "acr_login_auth_failures RESOLVED",
            "acr_forbidden_pulls FIRING", "acr_forbidden_pulls RESOLVED",
            "acr_throttled FIRING", "acr_throttled RESOLVED",
            "acrwatch_expected_caller FIRING", "acrwatch_expected_caller RESOLVED",
            "acrwatch_probe FIRING", "acrwatch_probe RESOLVED");

    private static final Pattern SLACK_TITLE = Pattern.compile("^\\[(FIRING|RESOLVED)] .* \\((\\w+)\\)$");
    private static final Pattern MESSAGE_ID = Pattern.compile("(?mi)^Message-ID: (\\S+)");

    record Commit(String node, PollReport report, Instant at) {}

    /** Events counted by the polls against the workspace's truth over the polled ingestion time. */
    record Tally(long processed, long countedTwice, long missed, List<String> mismatches) {}

    final List<Commit> commits = new CopyOnWriteArrayList<>();
    final List<String> failures = new CopyOnWriteArrayList<>();

    PollListener recorder(String node) {
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

    Instant watermark(LogTable table) {
        return commits.stream().map(Commit::report).filter(r -> r.table() == table).map(PollReport::newWatermark)
                .max(Instant::compareTo).orElse(Instant.EPOCH);
    }

    /** Overlapping poll intervals count events twice; gaps miss them; each table's total must equal the truth. */
    Tally tally(DemoRun demo) {
        long processed = 0;
        long twice = 0;
        long missed = 0;
        List<String> mismatches = new ArrayList<>();
        for (LogTable table : LogTable.values()) {
            List<PollReport> mine = commits.stream().map(Commit::report).filter(r -> r.table() == table)
                    .sorted(Comparator.comparing(r -> r.interval().fromExclusive())).toList();
            for (int i = 1; i < mine.size(); i++) {
                Instant prevEnd = mine.get(i - 1).newWatermark();
                Instant from = mine.get(i).interval().fromExclusive();
                if (from.isBefore(prevEnd)) {
                    twice += countIn(demo, table, from, prevEnd);
                } else if (from.isAfter(prevEnd)) {
                    missed += countIn(demo, table, prevEnd, from);
                }
            }
            long counted = mine.stream().flatMap(r -> r.rows().stream()).mapToLong(c -> c.row().count()).sum();
            long truth = countIn(demo, table, mine.get(0).interval().fromExclusive(),
                    mine.get(mine.size() - 1).newWatermark());
            processed += counted;
            if (counted != truth) {
                mismatches.add(table + ": counted " + counted + ", ingested " + truth);
            }
        }
        return new Tally(processed, twice, missed, mismatches);
    }

    private static long countIn(DemoRun demo, LogTable table, Instant fromExclusive, Instant toInclusive) {
        return demo.workspace().eventsUpTo(toInclusive).stream()
                .filter(e -> e.table() == table && e.ingestionTime().isAfter(fromExclusive)).count();
    }

    /** "rule STATUS" of every Slack message that arrived, in order. */
    static List<String> slack(DemoRun demo) throws Exception {
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
    static List<String> emails(DemoRun demo) {
        return demo.notifications().stream().filter(r -> r.kind().equals("email")).map(r -> {
            Matcher m = MESSAGE_ID.matcher(r.payload());
            return m.find() ? m.group(1) : "no Message-ID: " + r.summary();
        }).toList();
    }

    /** Outbox entries not yet delivered (pending or in flight) in a PostgreSQL store. */
    static long openOutboxEntries(io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg, String database)
            throws Exception {
        try (var c = pg.getDatabase("postgres", database).getConnection(); var s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*) FROM outbox WHERE state IN ('PENDING', 'IN_FLIGHT')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Prints the figures and keeps them under target/test-figures for the test report. */
    static void report(String name, String text) throws Exception {
        System.out.print(text);
        Path out = Path.of("target", "test-figures");
        Files.createDirectories(out);
        Files.writeString(out.resolve(name + ".txt"), text);
    }
}
