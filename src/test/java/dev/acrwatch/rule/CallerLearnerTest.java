package dev.acrwatch.rule;

import static dev.acrwatch.rule.CallerRows.REG;
import static dev.acrwatch.rule.CallerRows.WS;
import static dev.acrwatch.rule.CallerRows.aksCaller;
import static dev.acrwatch.rule.CallerRows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acrwatch.poll.ClassifiedCount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallerLearnerTest {

    private static final SourceHealth HEALTHY = SourceHealth.of(Map.of(WS, true));

    private static ClassifiedCount inHour(int hour, String identity, String ip) {
        return row(hour * 60 + 7, REG, "401", identity, ip);
    }

    @Test
    void aCallerSeenInKOfTheLastNHoursIsLearned() {
        CallerLearner learner = new CallerLearner(3, 6);
        // build-bot: hours 0, 2, 4 (three distinct hours); flaky: hours 1 and 1 and 3 (two).
        learner.accept(List.of(inHour(0, "build-bot", ""), inHour(1, "flaky", ""), inHour(1, "flaky", "")));
        learner.accept(List.of(inHour(2, "build-bot", ""), inHour(3, "flaky", ""), inHour(4, "build-bot", "")));

        assertThat(learner.learned()).containsExactly(new CallerSpec(REG, "learned-id-build-bot", List.of(),
                List.of("build-bot"), CallerLearner.DEFAULT_MAX_SILENCE));
    }

    @Test
    void hoursOlderThanTheLastNFallOut() {
        CallerLearner learner = new CallerLearner(2, 3);
        learner.accept(List.of(inHour(0, "", "10.240.1.9"), inHour(1, "", "10.240.1.200")));
        assertThat(learner.learned()).extracting(CallerSpec::name).containsExactly("learned-ip-10-240-1-0-24");
        assertThat(learner.learned().get(0).cidrs()).containsExactly("10.240.1.0/24");

        // Hour 3 makes the last three hours 1..3: hour 0 is gone, one hour is left.
        learner.accept(List.of(inHour(3, "someone", "")));
        assertThat(learner.learned()).isEmpty();
        // A late row for an hour already outside the last n teaches nothing.
        learner.accept(List.of(inHour(0, "", "10.240.1.9")));
        assertThat(learner.learned()).isEmpty();
    }

    @Test
    void memoryStaysBoundedUnderAFloodAndTheSteadyCallerSurvives() {
        CallerLearner learner = new CallerLearner(3, 6, 5, Duration.ofMinutes(20));
        List<ClassifiedCount> rows = new ArrayList<>();
        for (int h = 0; h < 6; h++) {
            // Sorts after the spray, so only its event count keeps it from being evicted in its first hour.
            rows.add(row(h * 60 + 7, REG, "401", "zz-pipeline-sp", "", 40));
            for (int i = 0; i < 200; i++) {
                rows.add(row(h * 60 + 8, REG, "401", "spray-" + h + "-" + i, "", 1));
            }
        }
        learner.accept(rows);
        assertThat(learner.distinctKeys(REG)).isEqualTo(5);
        assertThat(learner.learned()).extracting(CallerSpec::name).containsExactly("learned-id-zz-pipeline-sp");
        assertThat(learner.learned().get(0).maxSilence()).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void identitiesBecomeSafeDistinctNames() {
        String a = CallerLearner.sanitise("ci@contoso.com");
        String b = CallerLearner.sanitise("ci.contoso.com");
        assertThat(a).matches("[a-z0-9_-]+").startsWith("ci-contoso-com-").isNotEqualTo(b);
        assertThat(CallerLearner.sanitise("3f1c2a9e-0d4b")).isEqualTo("3f1c2a9e-0d4b");
        assertThat(CallerLearner.sanitise("x".repeat(500) + "\u001b[2J")).hasSizeLessThan(80).matches("[a-z0-9_-]+");
    }

    @Test
    void learningIsOffByDefaultSoUnconfiguredCallersAreNotWatched() {
        ExpectedCallerDetector detector =
                new ExpectedCallerDetector(Map.of(WS, List.of(aksCaller(Duration.ofMinutes(10)))), List.of());
        List<ClassifiedCount> rows = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            rows.add(inHour(h, "steady-sp", "172.16.4.4"));
        }
        detector.accept(WS, rows);
        assertThat(detector.callers().get(WS)).extracting(CallerSpec::name).containsExactly("aks-prod");
        assertThat(detector.evaluate(CallerRows.at(24 * 60 + 30), HEALTHY)).noneMatch(RuleResult::active);
    }

    @Test
    void learnedCallersFeedTheDetectorAndFireWhenTheyFallSilent() {
        CallerLearner learner = new CallerLearner(2, 4);
        ExpectedCallerDetector detector = new ExpectedCallerDetector(Map.of(WS, List.of()), List.of());
        List<ClassifiedCount> poll = List.of(inHour(0, "", "172.16.4.4"), inHour(1, "", "172.16.4.5"));
        learner.accept(poll);
        detector.setLearned(WS, learner.learned());
        detector.accept(WS, poll);
        detector.accept(WS, List.of(row(90, REG, "200", "", "")));

        List<RuleResult> rs = detector.evaluate(CallerRows.at(60 + 8 + 30), HEALTHY);
        assertThat(rs).singleElement().satisfies(r -> {
            assertThat(r.active()).isTrue();
            assertThat(r.groupLabels()).containsEntry("caller", "learned-ip-172-16-4-0-24");
        });
    }

    @Test
    void restoreFromSnapshotContinuesIdentically() {
        CallerLearner learner = new CallerLearner(3, 5);
        learner.accept(List.of(inHour(0, "build-bot", "10.240.1.9"), inHour(1, "build-bot", "")));
        CallerLearner restored = new CallerLearner(3, 5);
        restored.restore(learner.snapshot());
        assertThat(restored.snapshot()).isEqualTo(learner.snapshot());

        for (int h = 2; h < 9; h++) {
            List<ClassifiedCount> rows = List.of(inHour(h, h % 2 == 0 ? "build-bot" : "nightly", "10.240.1.9"));
            learner.accept(rows);
            restored.accept(rows);
            assertThat(restored.learned()).isEqualTo(learner.learned());
        }
        assertThat(restored.snapshot()).isEqualTo(learner.snapshot());
        assertThat(learner.learned()).extracting(CallerSpec::name)
                .containsExactly("learned-id-build-bot", "learned-ip-10-240-1-0-24");
    }

    @Test
    void badLearningOptionsNameTheOption() {
        assertThatThrownBy(() -> new CallerLearner(5, 4)).hasMessage(
                "learn.min_hours: must be 1 to 4 (the hours looked at), found 5");
        assertThatThrownBy(() -> new CallerLearner(1, 0)).hasMessage("learn.hours: must be at least 1, found 0");
    }
}
