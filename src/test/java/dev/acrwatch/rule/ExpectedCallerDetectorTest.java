package dev.acrwatch.rule;

import static dev.acrwatch.rule.CallerRows.KUBELET;
import static dev.acrwatch.rule.CallerRows.REG;
import static dev.acrwatch.rule.CallerRows.WS;
import static dev.acrwatch.rule.CallerRows.aks;
import static dev.acrwatch.rule.CallerRows.aksCaller;
import static dev.acrwatch.rule.CallerRows.at;
import static dev.acrwatch.rule.CallerRows.other;
import static dev.acrwatch.rule.CallerRows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acrwatch.poll.ClassifiedCount;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExpectedCallerDetectorTest {

    private static final Duration TEN = Duration.ofMinutes(10);
    private static final SourceHealth HEALTHY = SourceHealth.of(Map.of(WS, true));
    private static final SourceHealth STALE = SourceHealth.of(Map.of(WS, false));

    private final ExpectedCallerDetector detector =
            new ExpectedCallerDetector(Map.of(WS, List.of(aksCaller(TEN))), List.of("oncall"));
    private final AlertStateMachine machine = new AlertStateMachine(Duration.ofHours(4));

    private void poll(ClassifiedCount... rows) {
        detector.accept(WS, List.of(rows));
    }

    private RuleResult only(Instant now, SourceHealth health) {
        List<RuleResult> rs = detector.evaluate(now, health);
        assertThat(rs).hasSize(1);
        return rs.get(0);
    }

    @Test
    void silenceWhileOtherTrafficContinuesFiresAfterExactlyMaxSilenceAndTheReturnClearsIt() {
        poll(aks(0), other(0));
        List<AlertIntent> intents = new ArrayList<>();
        Instant firedAt = null;
        for (int m = 1; m <= 14; m++) {
            poll(other(m));
            List<AlertIntent> step = detector.observe(machine, at(m + 1), HEALTHY);
            if (firedAt == null && !step.isEmpty()) {
                firedAt = at(m + 1);
            }
            intents.addAll(step);
        }
        // Last seen is the end of minute 0; exactly 10 minutes later is 12:11.
        assertThat(firedAt).isEqualTo(at(11));
        assertThat(intents).hasSize(1);
        AlertIntent fired = intents.get(0);
        assertThat(fired.kind()).isEqualTo(IntentKind.FIRING);
        assertThat(fired.classLabel()).isEqualTo("network_drop");
        assertThat(fired.rule().name()).isEqualTo("acrwatch_expected_caller");
        assertThat(fired.rule().labels()).containsEntry("reason", "caller_silent");
        assertThat(fired.rule().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(fired.rule().receivers()).containsExactly("oncall");
        assertThat(fired.result().groupLabels())
                .containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("caller", "aks-prod", "registry", REG,
                        "workspace", WS)));
        assertThat(fired.result().value()).isEqualTo(600.0);
        assertThat(fired.result().threshold()).isEqualTo(600.0);
        assertThat(fired.result().lastSeen()).contains(at(1));

        RuleResult justBefore = new ExpectedCallerDetectorTest().silentFor(Duration.ofSeconds(599));
        assertThat(justBefore.active()).isFalse();

        poll(aks(15), other(15));
        List<AlertIntent> back = detector.observe(machine, at(16), HEALTHY);
        assertThat(back).extracting(AlertIntent::kind).containsExactly(IntentKind.RESOLVED);
        assertThat(only(at(16), HEALTHY).active()).isFalse();
    }

    /** A fresh detector whose caller was last seen {@code silent} before the evaluation, with other traffic. */
    private RuleResult silentFor(Duration silent) {
        poll(aks(0), other(0), other(20));
        return only(at(1).plus(silent), HEALTHY);
    }

    @Test
    void silenceWhileTheWorkspaceIsStaleDoesNotFire() {
        poll(aks(0), other(0));
        for (int m = 1; m <= 30; m++) {
            poll(other(m));
            assertThat(detector.observe(machine, at(m + 1), STALE)).isEmpty();
        }
        assertThat(only(at(31), STALE).active()).isFalse();
        assertThat(only(at(31), HEALTHY).active()).isTrue();
    }

    @Test
    void silenceWithNoRegistryTrafficAtAllDoesNotFire() {
        poll(aks(0), other(0), row(5, "fabrikam.azurecr.io", "200", "", ""));
        for (int m = 1; m <= 30; m++) {
            assertThat(detector.observe(machine, at(m + 1), HEALTHY)).isEmpty();
        }
        RuleResult r = only(at(31), HEALTHY);
        assertThat(r.active()).isFalse();
        assertThat(r.value()).isEqualTo(1800.0);
    }

    @Test
    void otherTrafficOlderThanMaxSilenceDoesNotCount() {
        poll(aks(0), other(3));
        assertThat(only(at(11), HEALTHY).active()).isTrue();
        assertThat(only(at(13), HEALTHY).active()).isTrue();
        // 12:04 is the end of the last other event: at 12:14 it is max_silence old.
        assertThat(only(at(14), HEALTHY).active()).isFalse();
    }

    @Test
    void aCallerNeverSeenSinceStartDoesNotFire() {
        for (int m = 0; m <= 60; m++) {
            poll(other(m));
        }
        RuleResult r = only(at(61), HEALTHY);
        assertThat(r.active()).isFalse();
        assertThat(r.lastSeen()).isEmpty();
        assertThat(detector.lastSeen(WS, REG, "aks-prod")).isEmpty();
    }

    @Test
    void unauthorizedRequestsFromTheCallerCountAsSeen() {
        poll(aks(0), row(8, REG, "401", KUBELET, "10.240.3.17"), other(15));
        RuleResult r = only(at(15), HEALTHY);
        assertThat(r.active()).isFalse();
        assertThat(r.lastSeen()).contains(at(9));
        assertThat(only(at(19), HEALTHY).active()).isTrue();
    }

    @Test
    void callerIsMatchedByIdentityAloneOrByRangeAlone() {
        poll(row(0, REG, "200", KUBELET.toUpperCase(), ""), other(20));
        assertThat(detector.lastSeen(WS, REG, "aks-prod")).contains(at(1));
        poll(row(4, REG, "403", "someone-else", "10.240.200.1"));
        assertThat(detector.lastSeen(WS, REG, "aks-prod")).contains(at(5));
        poll(row(6, "other.azurecr.io", "200", KUBELET, "10.240.200.1"));
        assertThat(detector.lastSeen(WS, REG, "aks-prod")).contains(at(5));
    }

    @Test
    void lateRowsNeverMoveLastSeenBackwards() {
        poll(aks(9), other(9));
        poll(aks(2));
        assertThat(detector.lastSeen(WS, REG, "aks-prod")).contains(at(10));
    }

    @Test
    void rowsOfAnotherWorkspaceDoNotCount() {
        detector.accept("ws-other", List.of(aks(0), other(5)));
        assertThat(detector.lastSeen(WS, REG, "aks-prod")).isEmpty();
        assertThat(detector.snapshot()).isEqualTo(CallerSilenceState.EMPTY);
    }

    @Test
    void restoreFromSnapshotContinuesIdentically() {
        ExpectedCallerDetector restored = new ExpectedCallerDetector(Map.of(WS, List.of(aksCaller(TEN))), List.of());
        poll(aks(0), other(0), other(1));
        restored.restore(detector.snapshot());
        assertThat(restored.snapshot()).isEqualTo(detector.snapshot());
        for (int m = 2; m <= 25; m++) {
            List<ClassifiedCount> rows = m == 18 ? List.of(aks(m), other(m)) : List.of(other(m));
            detector.accept(WS, rows);
            restored.accept(WS, rows);
            assertThat(restored.evaluate(at(m + 1), HEALTHY)).isEqualTo(detector.evaluate(at(m + 1), HEALTHY));
        }
        assertThat(restored.snapshot()).isEqualTo(detector.snapshot());
        assertThat(detector.snapshot().callers()).containsExactly(
                new CallerSilenceState.CallerSeen(WS, REG, "aks-prod", at(19)));
    }

    @Test
    void restoreDropsStateOfCallersNoLongerConfigured() {
        CallerSilenceState saved = new CallerSilenceState(
                List.of(new CallerSilenceState.CallerSeen(WS, REG, "removed-pool", at(0)),
                        new CallerSilenceState.CallerSeen(WS, REG, "aks-prod", at(3))),
                List.of(new CallerSilenceState.RegistryTraffic(WS, REG, at(5)),
                        new CallerSilenceState.RegistryTraffic(WS, "gone.azurecr.io", at(5))));
        detector.restore(saved);
        assertThat(detector.snapshot()).isEqualTo(new CallerSilenceState(
                List.of(new CallerSilenceState.CallerSeen(WS, REG, "aks-prod", at(3))),
                List.of(new CallerSilenceState.RegistryTraffic(WS, REG, at(5)))));
    }

    @Test
    void eachCallerHasItsOwnMaxSilence() {
        CallerSpec agents = new CallerSpec(REG, "build-agents", List.of("192.168.10.0/24"), List.of(),
                Duration.ofMinutes(30));
        ExpectedCallerDetector d = new ExpectedCallerDetector(Map.of(WS, List.of(aksCaller(TEN), agents)), List.of());
        d.accept(WS, List.of(aks(0), row(0, REG, "200", "", "192.168.10.4"), other(25)));
        List<RuleResult> rs = d.evaluate(at(20), HEALTHY);
        assertThat(rs).extracting(r -> r.groupLabels().get("caller") + "=" + r.active())
                .containsExactly("aks-prod=true", "build-agents=false");
        assertThat(d.rule().window()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void learnedCallersAreWatchedUnlessAConfiguredCallerAlreadyCoversThem() {
        CallerSpec learnedIp = new CallerSpec(REG, "learned-ip-172-16-4-0-24", List.of("172.16.4.0/24"),
                List.of(), Duration.ofMinutes(5));
        CallerSpec duplicate = new CallerSpec(REG, "learned-ip-10-240-3-0-24", List.of("10.240.3.0/24"),
                List.of(), Duration.ofMinutes(5));
        detector.setLearned(WS, List.of(learnedIp, duplicate));
        assertThat(detector.callers().get(WS)).extracting(CallerSpec::name)
                .containsExactly("aks-prod", "learned-ip-172-16-4-0-24");

        poll(row(0, REG, "200", "", "172.16.4.20"), other(7));
        assertThat(detector.evaluate(at(6), HEALTHY)).filteredOn(RuleResult::active)
                .extracting(r -> r.groupLabels().get("caller")).containsExactly("learned-ip-172-16-4-0-24");

        detector.setLearned(WS, List.of());
        assertThat(detector.evaluate(at(6), HEALTHY)).hasSize(1);
        assertThat(detector.snapshot().callers()).isEmpty();
    }

    @Test
    void badCallerConfigNamesThePlaceAndTheValue() {
        CallerSpec badRange = new CallerSpec(REG, "x", List.of("10.0.0.0/8", "10.0.0"), List.of(), TEN);
        assertThatThrownBy(() -> new ExpectedCallerDetector(Map.of(WS, List.of(aksCaller(TEN), badRange)), List.of()))
                .hasMessage("expected_callers[1].cidrs[1]: expected an IPv4 range like 10.240.0.0/16, found \"10.0.0\"");
        CallerSpec nothing = new CallerSpec(REG, "y", List.of(), List.of(), TEN);
        assertThatThrownBy(() -> new ExpectedCallerDetector(Map.of(WS, List.of(nothing)), List.of()))
                .hasMessageStartingWith("expected_callers[0].cidrs: give cidrs or identities");
        assertThatThrownBy(() -> new ExpectedCallerDetector(Map.of(WS, List.of(aksCaller(TEN), aksCaller(TEN))),
                List.of())).hasMessage("expected_callers[1].name: \"aks-prod\" is listed twice");
        assertThatThrownBy(() -> new ExpectedCallerDetector(Map.of(WS, List.of(aksCaller(Duration.ZERO))), List.of()))
                .hasMessageStartingWith("expected_callers[0].max_silence: expected a positive duration");
    }

    @Test
    void withNoExpectedCallersNothingIsTrackedAndNothingFires() {
        ExpectedCallerDetector none = new ExpectedCallerDetector(Map.of(WS, List.of()), List.of());
        none.accept(WS, List.of(aks(0), other(30)));
        assertThat(none.evaluate(at(20), HEALTHY)).isEmpty();
        assertThat(none.snapshot()).isEqualTo(CallerSilenceState.EMPTY);
        assertThat(Optional.of(none.rule().window())).contains(Duration.ofMinutes(1));
    }
}
