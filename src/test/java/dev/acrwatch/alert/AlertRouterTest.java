package dev.acrwatch.alert;

import static dev.acrwatch.alert.AlertHarness.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.rule.RuleCommon;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertRouterTest {

    private final AlertHarness h = new AlertHarness();
    private final SilenceRegistry silences = new SilenceRegistry(Clock.fixed(T0, ZoneOffset.UTC));
    private final AlertRouter router = new AlertRouter(
            List.of(new Route("slack", List.of("rule"), Duration.ofSeconds(30), Duration.ofMinutes(5), true),
                    new Route("mail", null, null, null, false)),
            silences, InhibitRule.defaults());
    private final RuleCommon auth = rule("auth", "slack");
    private final RuleCommon drop = rule("drop", "slack");

    @Test
    void firstAlertsOfANewGroupWaitGroupWaitAndGoOutAsOneNotification() {
        router.accept(h.verdict(auth, "unauthorized", "reg1", true, 20, at(0)));
        router.accept(h.verdict(auth, "unauthorized", "reg2", true, 30, at(10)));
        assertThat(router.flush(at(29))).isEmpty();
        var sent = router.flush(at(30));
        assertThat(sent).singleElement().satisfies(n -> {
            assertThat(n.receiver()).isEqualTo("slack");
            assertThat(n.groupLabels()).isEqualTo(Map.of("rule", "auth"));
            assertThat(n.alerts()).extracting(a -> a.labels().get("registry")).containsExactly("reg1", "reg2");
            assertThat(n.status()).isEqualTo(AlertStatus.FIRING);
        });
        assertThat(router.flush(at(31))).isEmpty();
    }

    @Test
    void laterChangesWaitForGroupIntervalAfterTheLastFlush() {
        router.accept(h.verdict(auth, "unauthorized", "reg1", true, 20, at(0)));
        router.flush(at(30));
        router.accept(h.verdict(auth, "unauthorized", "reg1", false, 3, at(60)));
        assertThat(router.flush(at(60))).isEmpty();
        assertThat(router.flush(at(329))).isEmpty();
        assertThat(router.flush(at(330))).singleElement().satisfies(n -> {
            assertThat(n.status()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(n.alerts().get(0).value()).isEqualTo(3);
            assertThat(n.alerts().get(0).endsAt()).contains(at(60));
        });
    }

    @Test
    void notificationDedupKeyIsTheSameForTheSameAlertsAcrossRouters() {
        var other = new AlertRouter(List.of(new Route("slack", List.of("rule"), null, null, true)), silences,
                InhibitRule.defaults());
        var intents = h.verdict(auth, "unauthorized", "reg1", true, 20, at(0));
        router.accept(intents);
        other.accept(intents);
        assertThat(router.flush(at(30)).get(0).dedupKey()).isEqualTo(other.flush(at(30)).get(0).dedupKey())
                .startsWith("slack|rule=auth|");
    }

    @Test
    void alertThatResolvesBeforeItsFirstFlushIsNeverSent() {
        router.accept(h.verdict(auth, "unauthorized", "reg1", true, 20, at(0)));
        router.accept(h.verdict(auth, "unauthorized", "reg1", false, 0, at(20)));
        assertThat(router.flush(at(600))).isEmpty();
    }

    @Test
    void receiverWithoutSendResolvedGetsFiringOnly() {
        var mailed = rule("auth", "mail");
        router.accept(h.verdict(mailed, "unauthorized", "reg1", true, 20, at(0)));
        assertThat(router.flush(at(30))).hasSize(1);
        router.accept(h.verdict(mailed, "unauthorized", "reg1", false, 0, at(60)));
        assertThat(router.flush(at(3600))).isEmpty();
    }

    @Test
    void silencedAlertIsNotSentButCountedAndGoesOutWhenTheSilenceExpires() {
        silences.add(List.of(LabelMatcher.eq("registry", "reg1")), T0, at(600), "alice", "rotating secret");
        router.accept(h.verdict(auth, "unauthorized", "reg1", true, 20, at(0)));
        assertThat(router.flush(at(30))).isEmpty();
        assertThat(router.suppression(at(30))).isEqualTo(new SuppressionCounts(1, 0));
        assertThat(router.flush(at(599))).isEmpty();
        assertThat(router.flush(at(600))).isEmpty(); // released now, waits group_wait as a new group
        assertThat(router.suppression(at(600))).isEqualTo(new SuppressionCounts(0, 0));
        assertThat(router.flush(at(630))).singleElement()
                .satisfies(n -> assertThat(n.alerts().get(0).labels().get("registry")).isEqualTo("reg1"));
    }

    @Test
    void silencedAlertThatResolvesWhileSilencedIsNeverSent() {
        silences.add(List.of(LabelMatcher.eq("registry", "reg1")), T0, at(600), "alice", "maintenance");
        router.accept(h.verdict(auth, "unauthorized", "reg1", true, 20, at(0)));
        router.accept(h.verdict(auth, "unauthorized", "reg1", false, 0, at(300)));
        assertThat(router.flush(at(900))).isEmpty();
    }

    @Test
    void networkDropOfARegistryHoldsBackItsAuthFailuresUntilItResolves() {
        router.accept(h.verdict(drop, "network_drop", "reg1", true, 900, at(0)));
        router.accept(h.verdict(auth, "unauthorized,forbidden", "reg1", true, 20, at(0)));
        router.accept(h.verdict(auth, "unauthorized,forbidden", "reg2", true, 20, at(0)));
        var first = router.flush(at(30));
        assertThat(first).flatExtracting(Notification::alerts).extracting(a -> a.ruleName() + "/" + a.registry().orElseThrow())
                .containsExactlyInAnyOrder("drop/reg1", "auth/reg2");
        assertThat(router.suppression(at(30))).isEqualTo(new SuppressionCounts(0, 1));

        router.accept(h.verdict(drop, "network_drop", "reg1", false, 0, at(60)));
        var later = router.flush(at(330));
        assertThat(later).flatExtracting(Notification::alerts)
                .extracting(a -> a.ruleName() + "/" + a.registry().orElseThrow() + "/" + a.status().label())
                .containsExactlyInAnyOrder("drop/reg1/resolved", "auth/reg1/firing");
    }

    @Test
    void blindWorkspaceHoldsBackEveryAlertOfThatWorkspace() {
        var blind = new BlindDetector(Duration.ofMinutes(10), List.of("slack"));
        router.accept(blind.observe(h.machine, at(600), Map.of(WS, T0)));
        router.accept(h.verdict(drop, "network_drop", "reg1", true, 900, at(600)));
        router.accept(h.verdict(auth, "unauthorized", "reg2", true, 20, at(600)));
        assertThat(router.flush(at(630))).flatExtracting(Notification::alerts).extracting(AlertSnapshot::ruleName)
                .containsExactly(BlindDetector.RULE_NAME);
        assertThat(router.suppression(at(630))).isEqualTo(new SuppressionCounts(0, 2));

        router.accept(blind.observe(h.machine, at(700), Map.of(WS, at(690))));
        assertThat(router.flush(at(930))).flatExtracting(Notification::alerts)
                .extracting(a -> a.ruleName() + "/" + a.status().label())
                .containsExactlyInAnyOrder("acrwatch_blind/resolved", "drop/firing", "auth/firing");
    }

    @Test
    void repeatOfAFiringAlertIsSentAgain() {
        router.accept(h.verdict(auth, "unauthorized", "reg1", true, 20, at(0)));
        router.flush(at(30));
        router.accept(h.verdict(auth, "unauthorized", "reg1", true, 25, at(3600)));
        assertThat(router.flush(at(4 * 3600 - 1))).isEmpty();
        router.accept(h.verdict(auth, "unauthorized", "reg1", true, 26, at(4 * 3600)));
        assertThat(router.flush(at(4 * 3600))).singleElement()
                .satisfies(n -> assertThat(n.alerts().get(0).value()).isEqualTo(26));
    }

    @Test
    void routerRebuiltFromSavedStateSendsExactlyWhatTheOriginalWould() {
        silences.add(List.of(LabelMatcher.eq("registry", "reg2")), T0, at(600), "alice", "maintenance");
        router.accept(h.verdict(auth, "unauthorized", "reg1", true, 20, at(0)));
        router.accept(h.verdict(auth, "unauthorized", "reg2", true, 20, at(0)));
        var routes = List.of(new Route("slack", List.of("rule"), Duration.ofSeconds(30), Duration.ofMinutes(5), true));
        var restored = AlertRouter.restore(routes, silences, InhibitRule.defaults(), router.state());
        assertThat(restored.state()).isEqualTo(router.state());

        var original = router.flush(at(30));
        assertThat(original).hasSize(1);
        assertThat(restored.flush(at(30))).isEqualTo(original);
        var released = router.flush(at(900));
        assertThat(released).singleElement()
                .satisfies(n -> assertThat(n.alerts().get(0).labels().get("registry")).isEqualTo("reg2"));
        assertThat(restored.flush(at(900))).isEqualTo(released);
    }

    @Test
    void inhibitionHoldsWhateverTheOrderOfIntentsInOneEvaluation() {
        var blind = new BlindDetector(Duration.ofMinutes(10), List.of("slack"));
        var intents = new java.util.ArrayList<>(h.verdict(auth, "unauthorized", "reg1", true, 20, at(600)));
        intents.addAll(blind.observe(h.machine, at(600), Map.of(WS, T0)));
        router.accept(intents);
        assertThat(router.flush(at(630))).flatExtracting(Notification::alerts).extracting(AlertSnapshot::ruleName)
                .containsExactly(BlindDetector.RULE_NAME);
    }
}
