package dev.acrwatch.rule;

import static dev.acrwatch.rule.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.event.FailureClass;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertStateMachineTest {

    private final ThresholdRule rule = new ThresholdRule(common("auth", RuleFilter.classes(FailureClass.UNAUTHORIZED),
            List.of(Dimension.REGISTRY), Duration.ofMinutes(2), Duration.ofMinutes(5)), 11);
    private final InMemoryBinStore bins = new InMemoryBinStore();
    private AlertStateMachine machine = new AlertStateMachine(Duration.ofHours(4));

    /** Makes minute {@code m} carry {@code n} 401s for reg1. */
    private void burst(int m, long n) {
        bins.add(login(m, "reg1", FailureClass.UNAUTHORIZED, "sp-a", "", n));
    }

    private List<AlertIntent> evaluate(Instant now) {
        return machine.observe(rule, rule.evaluate(now, bins, HEALTHY), now);
    }

    @Test
    void thresholdFiresOnlyOnceForHasElapsedAndExactlyAtTheBoundary() {
        for (int m = 0; m < 10; m++) {
            burst(m, 20);
        }
        assertThat(evaluate(at(1))).isEmpty();
        assertThat(machine.states()).singleElement().satisfies(s -> assertThat(s.phase()).isEqualTo(AlertPhase.PENDING));
        assertThat(evaluate(at(2))).isEmpty();
        var fired = evaluate(at(3)); // active since 1, for=2m → fires at 3 exactly
        assertThat(fired).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo(IntentKind.FIRING);
            assertThat(i.episodeStart()).isEqualTo(at(3));
            assertThat(i.result().value()).isEqualTo(60); // minutes 0..2 of window [-2, 3)
            assertThat(i.dedupKey()).isEqualTo("auth|registry=reg1,workspace=ws-prod|" + at(3) + "|firing");
        });
        assertThat(evaluate(at(4))).isEmpty();
    }

    @Test
    void conditionFlappingEveryMinuteWithForTwoMinutesNeverFires() {
        List<AlertIntent> all = new ArrayList<>();
        for (int m = 0; m < 60; m += 2) {
            burst(m, 11); // bursts in even minutes only
        }
        // a one-minute window makes the condition true at odd minutes and false at even ones
        var oneMinute = new ThresholdRule(common("flap", RuleFilter.classes(FailureClass.UNAUTHORIZED),
                List.of(Dimension.REGISTRY), Duration.ofMinutes(2), Duration.ofMinutes(1)), 11);
        for (int m = 1; m <= 60; m++) {
            var results = oneMinute.evaluate(at(m), bins, HEALTHY);
            assertThat(results.isEmpty() || results.get(0).active() == (m % 2 == 1)).isTrue();
            all.addAll(machine.observe(oneMinute, results, at(m)));
        }
        assertThat(all).isEmpty();
        assertThat(machine.states()).allSatisfy(s -> assertThat(s.phase()).isEqualTo(AlertPhase.PENDING));
    }

    @Test
    void firingAlertRepeatsEveryRepeatIntervalWithNumberedKeys() {
        var always = new ThresholdRule(rule.common().withFor(Duration.ZERO), 1);
        List<String> kinds = new ArrayList<>();
        for (int m = 0; m <= 8 * 60 + 1; m++) {
            burst(m, 1);
            Instant now = at(m + 1);
            for (AlertIntent i : machine.observe(always, always.evaluate(now, bins, HEALTHY), now)) {
                kinds.add(Duration.between(at(1), i.at()).toMinutes() + ":" + i.dedupKey().replaceAll(".*\\|", ""));
            }
        }
        assertThat(kinds).containsExactly("0:firing", "240:repeat-1", "480:repeat-2");
    }

    @Test
    void resolvedCarriesTheValueAtResolveTimeAndTheEpisodeStart() {
        var quick = new ThresholdRule(rule.common().withFor(Duration.ZERO), 11);
        burst(0, 30);
        burst(6, 4);
        assertThat(machine.observe(quick, quick.evaluate(at(1), bins, HEALTHY), at(1))).hasSize(1);
        var resolved = machine.observe(quick, quick.evaluate(at(7), bins, HEALTHY), at(7));
        assertThat(resolved).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo(IntentKind.RESOLVED);
            assertThat(i.result().value()).isEqualTo(4);
            assertThat(i.episodeStart()).isEqualTo(at(1));
            assertThat(i.dedupKey()).endsWith("|" + at(1) + "|resolved");
        });
        assertThat(machine.states()).isEmpty();
    }

    @Test
    void groupThatDisappearsFromResultsResolvesWithValueZero() {
        var quick = new ThresholdRule(rule.common().withFor(Duration.ZERO), 11);
        burst(0, 30);
        machine.observe(quick, quick.evaluate(at(1), bins, HEALTHY), at(1));
        var resolved = machine.observe(quick, quick.evaluate(at(30), bins, HEALTHY), at(30));
        assertThat(resolved).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo(IntentKind.RESOLVED);
            assertThat(i.result().value()).isZero();
        });
    }

    @Test
    void activeAgainAfterResolvingStartsANewEpisodeWithNewKeys() {
        var quick = new ThresholdRule(rule.common().withFor(Duration.ZERO), 11);
        burst(0, 30);
        burst(20, 30);
        var first = machine.observe(quick, quick.evaluate(at(1), bins, HEALTHY), at(1));
        machine.observe(quick, quick.evaluate(at(10), bins, HEALTHY), at(10));
        var second = machine.observe(quick, quick.evaluate(at(21), bins, HEALTHY), at(21));
        assertThat(second).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo(IntentKind.FIRING);
            assertThat(i.dedupKey()).isNotEqualTo(first.get(0).dedupKey());
        });
    }

    @Test
    void reEvaluatingTheSameMomentMakesNoSecondIntent() {
        for (int m = 0; m < 10; m++) {
            burst(m, 20);
        }
        evaluate(at(1));
        assertThat(evaluate(at(3))).hasSize(1);
        assertThat(evaluate(at(3))).isEmpty();
    }

    @Test
    void machineRebuiltFromSavedStateNeitherRenotifiesNorForgetsRepeatsAndResolve() {
        var quick = new ThresholdRule(rule.common().withFor(Duration.ZERO), 1);
        for (int m = 0; m < 300; m++) {
            burst(m, 1);
        }
        var fired = machine.observe(quick, quick.evaluate(at(1), bins, HEALTHY), at(1));
        // "restart": only the plain states survive
        List<AlertState> saved = List.copyOf(machine.states());
        machine = AlertStateMachine.restore(Duration.ofHours(4), saved);
        assertThat(machine.observe(quick, quick.evaluate(at(1), bins, HEALTHY), at(1))).isEmpty();
        assertThat(machine.observe(quick, quick.evaluate(at(60), bins, HEALTHY), at(60))).isEmpty();
        var repeat = machine.observe(quick, quick.evaluate(at(241), bins, HEALTHY), at(241));
        assertThat(repeat).singleElement().satisfies(i -> assertThat(i.dedupKey())
                .isEqualTo(fired.get(0).dedupKey().replace("|firing", "|repeat-1")));
        machine = AlertStateMachine.restore(Duration.ofHours(4), machine.states());
        var resolved = machine.observe(quick, quick.evaluate(at(400), bins, HEALTHY), at(400));
        assertThat(resolved).singleElement().satisfies(i -> assertThat(i.dedupKey())
                .isEqualTo(fired.get(0).dedupKey().replace("|firing", "|resolved")));
    }

    @Test
    void groupLabelsFromLogsCannotForgeAnotherGroupsKey() {
        var a = new java.util.TreeMap<>(java.util.Map.of("identity", "x,registry=y"));
        var b = new java.util.TreeMap<>(java.util.Map.of("identity", "x", "registry", "y"));
        assertThat(GroupKey.encode(a)).isNotEqualTo(GroupKey.encode(b));
    }
}
