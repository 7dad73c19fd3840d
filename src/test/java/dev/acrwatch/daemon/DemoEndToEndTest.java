package dev.acrwatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acrwatch.event.FailureClass;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.poll.ClassifiedCount;
import dev.acrwatch.poll.PollListener;
import dev.acrwatch.poll.PollReport;
import dev.acrwatch.source.SourceException;
import dev.acrwatch.source.simulator.DemoStory;
import dev.acrwatch.source.simulator.DemoStory.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole daemon, through the real SDK client, against the simulated workspace at high speed. */
class DemoEndToEndTest {

    private static final List<PollReport> reports = new CopyOnWriteArrayList<>();
    private static final List<String> failures = new CopyOnWriteArrayList<>();
    private static DemoRun demo;

    @BeforeAll
    static void playTheWholeStory() throws Exception {
        PollListener recorder = new PollListener() {
            @Override
            public void onPollCommitted(PollReport report) {
                reports.add(report);
            }

            @Override
            public void onPollFailed(String workspace, LogTable table, SourceException failure) {
                failures.add(table + ": " + failure.getMessage());
            }
        };
        DemoRun.Settings s = new DemoRun.Settings(300, Duration.ofMinutes(10), "127.0.0.1", 0, 7, null);
        demo = DemoRun.start(s, null, List.of(recorder), "test");
        Instant storyEnd = demo.story().start().plus(demo.story().length());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                watermark(LogTable.LOGIN).isAfter(storyEnd) && watermark(LogTable.REPOSITORY).isAfter(storyEnd));
        demo.close();
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void everyEventTheWorkspaceIngestedIsCountedExactlyOnce() {
        for (LogTable table : LogTable.values()) {
            List<PollReport> mine = reports.stream().filter(r -> r.table() == table).toList();
            Instant from = mine.get(0).interval().fromExclusive();
            Instant to = mine.get(mine.size() - 1).newWatermark();
            for (int i = 1; i < mine.size(); i++) {
                assertThat(mine.get(i).interval().fromExclusive())
                        .as("poll intervals are contiguous").isEqualTo(mine.get(i - 1).newWatermark());
            }
            Map<String, Long> counted = mine.stream().flatMap(r -> r.rows().stream())
                    .collect(Collectors.groupingBy(c -> key(c.row().minute(), c.row().status()),
                            Collectors.summingLong(c -> c.row().count())));
            Map<String, Long> truth = demo.workspace().eventsUpTo(to).stream()
                    .filter(e -> e.table() == table && e.ingestionTime().isAfter(from))
                    .collect(Collectors.groupingBy(e -> key(e.timeGenerated().truncatedTo(
                            java.time.temporal.ChronoUnit.MINUTES), e.status()), Collectors.counting()));
            assertThat(counted).as(table + " counts per minute and status").isEqualTo(truth);
            assertThat(truth.values().stream().mapToLong(Long::longValue).sum()).isGreaterThan(500);
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void eachFailureOfTheStoryIsClassifiedInItsOwnPhaseOnly() {
        assertThat(phasesWith(FailureClass.UNAUTHORIZED, DemoStory.CI_SP)).containsOnly(Phase.SECRET_EXPIRED);
        assertThat(phasesWith(FailureClass.FORBIDDEN, DemoStory.DEPLOY_MI)).containsOnly(Phase.PULL_ROLE_REMOVED);
        assertThat(phasesWith(FailureClass.THROTTLED, DemoStory.AKS_DEV)).containsOnly(Phase.THROTTLED);
        assertThat(reports.stream().flatMap(r -> r.rows().stream())
                .filter(c -> c.classification().failureClass() == FailureClass.UNAUTHORIZED
                        && c.row().identity().isEmpty()))
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.classification().reason()).isEqualTo("anonymous"));
    }

    @Test
    void everyFailureOfTheStoryAlertsOnceInItsPhaseResolvesAfterwardsAndHealthyPhasesStayQuiet() throws Exception {
        Map<String, Phase> expected = Map.of("acr_login_auth_failures", Phase.SECRET_EXPIRED,
                "acr_forbidden_pulls", Phase.PULL_ROLE_REMOVED, "acr_throttled", Phase.THROTTLED,
                "acrwatch_expected_caller", Phase.FIREWALL_DROP, "acrwatch_probe", Phase.FIREWALL_DROP);
        List<DemoSinks.Received> all = demo.notifications();
        List<String[]> slack = new java.util.ArrayList<>();
        for (DemoSinks.Received r : all) {
            if (r.kind().equals("slack")) {
                var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.payload());
                var m = java.util.regex.Pattern.compile("^\\[(FIRING|RESOLVED)] .* \\((\\w+)\\)$")
                        .matcher(json.at("/blocks/0/text/text").asText());
                assertThat(m.matches()).as(r.summary()).isTrue();
                // When the failure began: first failing event, or for a silent caller when it was last seen.
                String firstSeen = "";
                for (var f : json.at("/blocks/2/fields")) {
                    String text = f.path("text").asText();
                    if (text.startsWith("*First seen*") && text.matches("(?s).*\\d{4}-.*")) {
                        firstSeen = text.substring("*First seen*\n".length());
                    } else if (text.startsWith("*Last seen*") && firstSeen.isEmpty()) {
                        firstSeen = text.substring("*Last seen*\n".length());
                    }
                }
                slack.add(new String[] {m.group(1), m.group(2), firstSeen});
            }
        }
        assertThat(all).filteredOn(r -> r.kind().equals("email")).hasSameSizeAs(slack);
        assertThat(slack).extracting(x -> x[1] + " " + x[0]).containsExactlyInAnyOrder(
                "acr_login_auth_failures FIRING", "acr_login_auth_failures RESOLVED",
                "acr_forbidden_pulls FIRING", "acr_forbidden_pulls RESOLVED",
                "acr_throttled FIRING", "acr_throttled RESOLVED",
                "acrwatch_expected_caller FIRING", "acrwatch_expected_caller RESOLVED",
                "acrwatch_probe FIRING", "acrwatch_probe RESOLVED");
        for (String[] n : slack) {
            if (n[0].equals("FIRING")) {
                assertThat(demo.story().phaseAt(Instant.parse(n[2]))).as(n[1]).isEqualTo(expected.get(n[1]));
                assertThat(slack.indexOf(n)).as("%s fires before it resolves", n[1])
                        .isLessThan(indexOf(slack, n[1], "RESOLVED"));
            }
        }
    }

    @Test
    void theProbeRunsOftenEnoughForTheFirewallPhaseToFailItForTwoIntervals() {
        // Speed 300 turns the 10 min phase into 2 s of real time. The probe interval is simulated time
        // (phase / 15 = 40 s), so it ticks every 40 s / 300 = 133 ms, and acrwatch_probe needs
        // fail_for = 2 x interval = 80 s simulated = 267 ms real of failures: many probes fit in a phase.
        Duration phaseReal = Duration.ofMinutes(10).dividedBy(300);
        Duration interval = demo.config().probes().orElseThrow().interval();
        Duration realInterval = demo.clock().toReal(interval);
        Duration failForReal = demo.clock().toReal(DemoRun.probeFailFor(Duration.ofMinutes(10)));
        assertThat(interval).isEqualTo(Duration.ofSeconds(40));
        assertThat(realInterval).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(failForReal).isEqualTo(realInterval.multipliedBy(2));
        assertThat(failForReal.multipliedBy(3)).isLessThan(phaseReal);
    }

    private static int indexOf(List<String[]> slack, String rule, String status) {
        for (int i = 0; i < slack.size(); i++) {
            if (slack.get(i)[1].equals(rule) && slack.get(i)[0].equals(status)) {
                return i;
            }
        }
        return -1;
    }

    private static java.util.Set<Phase> phasesWith(FailureClass cls, String identity) {
        Function<ClassifiedCount, Phase> phase = c -> demo.story().phaseAt(c.row().minute().plusSeconds(30));
        return reports.stream().flatMap(r -> r.rows().stream())
                .filter(c -> c.classification().failureClass() == cls && c.row().identity().equals(identity))
                .map(phase).collect(Collectors.toSet());
    }

    private static Instant watermark(LogTable table) {
        return reports.stream().filter(r -> r.table() == table).map(PollReport::newWatermark)
                .max(Instant::compareTo).orElse(Instant.EPOCH);
    }

    private static String key(Instant minute, String status) {
        return minute + " " + status;
    }
}
