package dev.acrwatch.rule;

import static dev.acrwatch.rule.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.event.FailureClass;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThresholdRuleTest {

    private final ThresholdRule defaultRule = (ThresholdRule) Rules.defaults().get(0);

    @Test
    void defaultRuleIsMoreThanTenUnauthorizedOrForbiddenLoginsInFiveMinutesPerRegistry() {
        assertThat(defaultRule.threshold()).isEqualTo(11);
        assertThat(defaultRule.common().window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaultRule.common().groupBy()).containsExactly(Dimension.REGISTRY);
        assertThat(defaultRule.classLabel()).isEqualTo("unauthorized,forbidden");
    }

    @Test
    void tenFailedLoginsDoNotFireButElevenDo() {
        var bins = store(login(0, "reg1", FailureClass.UNAUTHORIZED, "sp-a", "1.1.1.1", 6),
                login(1, "reg1", FailureClass.FORBIDDEN, "sp-b", "2.2.2.2", 4),
                ok(1, "reg1", 500));
        var r = defaultRule.evaluate(at(5), bins, HEALTHY);
        assertThat(r).singleElement().satisfies(x -> {
            assertThat(x.value()).isEqualTo(10);
            assertThat(x.active()).isFalse();
        });

        bins.add(login(4, "reg1", FailureClass.UNAUTHORIZED, "sp-a", "1.1.1.1", 1));
        assertThat(defaultRule.evaluate(at(5), bins, HEALTHY)).singleElement()
                .satisfies(x -> assertThat(x.active()).isTrue());
    }

    @Test
    void windowIncludesItsFirstMinuteAndExcludesNow() {
        var bins = store(login(0, "reg1", FailureClass.UNAUTHORIZED, "sp-a", "", 11),
                login(5, "reg1", FailureClass.UNAUTHORIZED, "sp-a", "", 100));
        // window at 5 is [0, 5): minute 0 counts, minute 5 not yet
        assertThat(defaultRule.evaluate(at(5), bins, HEALTHY)).singleElement()
                .satisfies(x -> assertThat(x.value()).isEqualTo(11));
        // window at 6 is [1, 6): minute 0 has left
        assertThat(defaultRule.evaluate(at(6), bins, HEALTHY)).singleElement()
                .satisfies(x -> assertThat(x.value()).isEqualTo(100));
    }

    @Test
    void resultCarriesValueSpanAndTopFiveContributorsByCount() {
        var bins = store(
                login(1, "reg1", FailureClass.UNAUTHORIZED, "sp-a", "10.0.0.1", 7),
                login(2, "reg1", FailureClass.UNAUTHORIZED, "sp-a", "10.0.0.2", 5),
                login(2, "reg1", FailureClass.UNAUTHORIZED, "sp-b", "10.0.0.2", 4),
                login(3, "reg1", FailureClass.FORBIDDEN, "sp-c", "10.0.0.3", 3),
                login(3, "reg1", FailureClass.FORBIDDEN, "sp-d", "10.0.0.3", 2),
                login(3, "reg1", FailureClass.FORBIDDEN, "sp-e", "10.0.0.3", 1),
                login(3, "reg1", FailureClass.FORBIDDEN, "sp-f", "10.0.0.3", 1),
                login(3, "reg2", FailureClass.FORBIDDEN, "other", "9.9.9.9", 1));
        var results = defaultRule.evaluate(at(5), bins, HEALTHY);
        var reg1 = results.stream().filter(r -> r.groupLabels().get("registry").equals("reg1")).findFirst().orElseThrow();
        assertThat(reg1.value()).isEqualTo(23);
        assertThat(reg1.active()).isTrue();
        assertThat(reg1.groupLabels()).isEqualTo(Map.of("registry", "reg1", "workspace", WS));
        assertThat(reg1.firstSeen()).contains(at(1));
        assertThat(reg1.lastSeen()).contains(at(3));
        assertThat(reg1.topIdentities()).containsExactly(new TopCount("sp-a", 12), new TopCount("sp-b", 4),
                new TopCount("sp-c", 3), new TopCount("sp-d", 2), new TopCount("sp-e", 1));
        assertThat(reg1.topCallerIps()).containsExactly(new TopCount("10.0.0.2", 9), new TopCount("10.0.0.1", 7),
                new TopCount("10.0.0.3", 7));
        assertThat(results).filteredOn(r -> r.groupLabels().get("registry").equals("reg2"))
                .singleElement().satisfies(r -> assertThat(r.active()).isFalse());
    }

    @Test
    void lateBurstInAnOldMinuteUpdatesItsBinAndTheNextEvaluationSeesIt() {
        var bins = store(login(3, "reg1", FailureClass.UNAUTHORIZED, "sp-a", "", 5));
        assertThat(defaultRule.evaluate(at(6), bins, HEALTHY).get(0).active()).isFalse();

        // A later poll brings 401s whose TimeGenerated is minute 2 (ingested late).
        bins.add(login(2, "reg1", FailureClass.UNAUTHORIZED, "sp-a", "", 6));
        assertThat(bins.rows(at(2), at(3))).singleElement().satisfies(b -> assertThat(b.count()).isEqualTo(6));
        var r = defaultRule.evaluate(at(6), bins, HEALTHY).get(0);
        assertThat(r.value()).isEqualTo(11);
        assertThat(r.active()).isTrue();
        assertThat(r.firstSeen()).contains(at(2));
    }

    @Test
    void lateEventsOlderThanTheWindowDoNotReviveIt() {
        var bins = store(login(3, "reg1", FailureClass.UNAUTHORIZED, "sp-a", "", 5));
        bins.add(login(-10, "reg1", FailureClass.UNAUTHORIZED, "sp-a", "", 50));
        assertThat(defaultRule.evaluate(at(6), bins, HEALTHY).get(0).value()).isEqualTo(5);
    }

    @Test
    void groupsByExtraDimensionsAndFiltersOnRegistriesAndOperations() {
        var rule = new ThresholdRule(common("pulls_forbidden",
                RuleFilter.classes(FailureClass.FORBIDDEN).withRegistries("reg1").withOperations("Pull"),
                List.of(Dimension.REPOSITORY), Duration.ZERO, Duration.ofMinutes(10)), 3);
        var bins = store(pull(1, WS, "reg1", FailureClass.FORBIDDEN, "app", 3),
                pull(1, WS, "reg1", FailureClass.FORBIDDEN, "db", 2),
                pull(1, WS, "reg2", FailureClass.FORBIDDEN, "app", 9),
                login(1, "reg1", FailureClass.FORBIDDEN, "x", "", 9));
        var results = rule.evaluate(at(5), bins, HEALTHY);
        assertThat(results).extracting(r -> r.groupLabels().get("repository"), RuleResult::value, RuleResult::active)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("app", 3.0, true),
                        org.assertj.core.groups.Tuple.tuple("db", 2.0, false));
    }

    @Test
    void reasonFilterLeavesAnonymousChallengesOut() {
        var rejectedOnly = new ThresholdRule(common("rejected_logins",
                RuleFilter.classes(FailureClass.UNAUTHORIZED).withReasons("rejected_credentials"),
                List.of(Dimension.REGISTRY), Duration.ZERO, Duration.ofMinutes(5)), 5);
        var anonymous = new BinRow(at(1), new BinDims(WS, "reg1", dev.acrwatch.event.LogTable.LOGIN,
                FailureClass.UNAUTHORIZED, "anonymous", "Login", "", "10.9.9.9", ""), 100);
        var bins = store(anonymous, login(1, "reg1", FailureClass.UNAUTHORIZED, "sp-a", "", 4));
        assertThat(rejectedOnly.evaluate(at(5), bins, HEALTHY)).singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualTo(4));
    }
}
