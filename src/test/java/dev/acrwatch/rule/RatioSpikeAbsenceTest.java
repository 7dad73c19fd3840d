package dev.acrwatch.rule;

import static dev.acrwatch.rule.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.event.FailureClass;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RatioSpikeAbsenceTest {

    private static final Duration FIVE = Duration.ofMinutes(5);

    private final RatioRule ratio = new RatioRule(common("throttled_ratio",
            RuleFilter.classes(FailureClass.THROTTLED), List.of(Dimension.REGISTRY), Duration.ZERO, FIVE), 0.2, 100);

    @Test
    void ratioFiresWhenFailuresReachTheFractionOfAllEvents() {
        var bins = store(ok(1, "reg1", 80), pull(2, WS, "reg1", FailureClass.THROTTLED, "app", 20),
                pull(2, WS, "reg1", FailureClass.NOT_FOUND, "app", 0));
        var r = ratio.evaluate(at(5), bins, HEALTHY);
        assertThat(r).singleElement().satisfies(x -> {
            assertThat(x.value()).isEqualTo(0.2);
            assertThat(x.threshold()).isEqualTo(0.2);
            assertThat(x.active()).isTrue();
            assertThat(x.topRepositories()).containsExactly(new TopCount("app", 20));
        });
    }

    @Test
    void ratioStaysQuietBelowMinEventsEvenWhenEverythingFails() {
        var bins = store(pull(2, WS, "reg1", FailureClass.THROTTLED, "app", 99));
        assertThat(ratio.evaluate(at(5), bins, HEALTHY)).singleElement().satisfies(x -> {
            assertThat(x.value()).isEqualTo(1.0);
            assertThat(x.active()).isFalse();
        });
    }

    @Test
    void ratioWithoutClassesCountsEveryFailureClass() {
        var any = new RatioRule(common("error_ratio", RuleFilter.ALL, List.of(), Duration.ZERO, FIVE), 0.5, 10);
        var bins = store(ok(1, "reg1", 10), pull(1, WS, "reg1", FailureClass.SERVER_ERROR, "a", 6),
                pull(1, WS, "reg1", FailureClass.FORBIDDEN, "a", 4));
        assertThat(any.evaluate(at(5), bins, HEALTHY)).singleElement()
                .satisfies(x -> assertThat(x.value()).isEqualTo(0.5));
    }

    private final SpikeRule spike = new SpikeRule(common("throttle_spike", RuleFilter.classes(FailureClass.THROTTLED),
            List.of(Dimension.REGISTRY), Duration.ZERO, FIVE), Duration.ofMinutes(60), 3, 20);

    @Test
    void spikeFiresWhenCurrentWindowIsFactorTimesTheBaselineAverage() {
        var bins = new InMemoryBinStore();
        for (int m = -60; m < 0; m++) {
            bins.add(pull(m, WS, "busy", FailureClass.THROTTLED, "app", 2)); // 10 per 5-minute window
        }
        bins.add(pull(2, WS, "busy", FailureClass.THROTTLED, "app", 30));
        assertThat(spike.evaluate(at(5), bins, HEALTHY)).singleElement().satisfies(x -> {
            assertThat(x.value()).isEqualTo(3.0);
            assertThat(x.active()).isTrue();
        });
    }

    @Test
    void spikeOnAQuietRegistryDoesNotPage() {
        var bins = store(pull(-30, WS, "quiet", FailureClass.THROTTLED, "app", 1),
                pull(2, WS, "quiet", FailureClass.THROTTLED, "app", 12));
        assertThat(spike.evaluate(at(5), bins, HEALTHY)).singleElement().satisfies(x -> {
            assertThat(x.value()).isEqualTo(12.0); // an empty-ish baseline counts as one per window
            assertThat(x.active()).isFalse();      // but 12 < min_count 20
        });
    }

    @Test
    void spikeReportsGroupsThatOnlyHaveABaselineAsInactive() {
        var bins = store(pull(-30, WS, "reg1", FailureClass.THROTTLED, "app", 50));
        assertThat(spike.evaluate(at(5), bins, HEALTHY)).singleElement()
                .satisfies(x -> assertThat(x.active()).isFalse());
    }

    private final AbsenceRule silentRegistry = new AbsenceRule(common("registry_silent", RuleFilter.ALL,
            List.of(Dimension.REGISTRY), Duration.ZERO, Duration.ofMinutes(15)), Duration.ofHours(6));

    @Test
    void absenceFiresForARegistrySeenBeforeThatWentSilent() {
        var bins = store(ok(-60, "chatty", 5), ok(20, "chatty", 5), ok(0, "gone", 3));
        var results = silentRegistry.evaluate(at(21), bins, HEALTHY);
        assertThat(results).filteredOn(r -> r.groupLabels().get("registry").equals("gone")).singleElement()
                .satisfies(r -> {
                    assertThat(r.active()).isTrue();
                    assertThat(r.value()).isEqualTo(20 * 60);
                    assertThat(r.threshold()).isEqualTo(15 * 60);
                    assertThat(r.lastSeen()).contains(at(0));
                });
        assertThat(results).filteredOn(r -> r.groupLabels().get("registry").equals("chatty")).singleElement()
                .satisfies(r -> assertThat(r.active()).isFalse());
    }

    @Test
    void absenceWaitsUntilTheWholeWindowIsSilent() {
        var bins = store(ok(0, "gone", 3));
        // last event in minute 0 → silent from minute 1; window [1, 16) at 16 is fully silent, [0, 15) is not
        assertThat(silentRegistry.evaluate(at(15), bins, HEALTHY).get(0).active()).isFalse();
        assertThat(silentRegistry.evaluate(at(16), bins, HEALTHY).get(0).active()).isTrue();
    }

    @Test
    void absenceDoesNotFireWhileTheWorkspaceCannotBeQueried() {
        var bins = store(ok(0, "gone", 3));
        var blind = SourceHealth.of(Map.of(WS, false));
        assertThat(silentRegistry.evaluate(at(30), bins, blind)).singleElement()
                .satisfies(r -> assertThat(r.active()).isFalse());
    }

    @Test
    void listedRegistryNeverSeenFiresOnlyWhenEveryWorkspaceIsHealthy() {
        var listed = new AbsenceRule(common("expected_silent", RuleFilter.ALL.withRegistries("prodacr"),
                List.of(Dimension.REGISTRY), Duration.ZERO, Duration.ofMinutes(15)), null);
        var bins = store(ok(0, "other", 3));
        assertThat(listed.evaluate(at(30), bins, HEALTHY)).singleElement().satisfies(r -> {
            assertThat(r.groupLabels()).isEqualTo(Map.of("registry", "prodacr"));
            assertThat(r.active()).isTrue();
        });
        var oneBlind = SourceHealth.of(Map.of(WS, true, "ws-other", false));
        assertThat(listed.evaluate(at(30), bins, oneBlind).get(0).active()).isFalse();
    }

    @Test
    void workspaceAbsenceCoversConfiguredWorkspacesThatNeverSentAnything() {
        var ws = new AbsenceRule(common("workspace_silent", RuleFilter.ALL, List.of(), Duration.ZERO,
                Duration.ofMinutes(15)), null);
        var bins = store(ok(25, "reg1", 3));
        var health = SourceHealth.of(Map.of(WS, true, "ws-empty", true));
        assertThat(ws.evaluate(at(30), bins, health))
                .extracting(r -> r.groupLabels().get("workspace"), RuleResult::active)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(WS, false),
                        org.assertj.core.groups.Tuple.tuple("ws-empty", true));
    }

    @Test
    void retentionIsTheLongestHistoryAnyRuleNeeds() {
        assertThat(Rules.retention(List.of(ratio, spike))).isEqualTo(Duration.ofMinutes(65));
        assertThat(Rules.retention(List.of(ratio, spike, silentRegistry))).isEqualTo(Duration.ofHours(6));
    }
}
