package dev.acrwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.event.Classifier;
import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.poll.ClassifiedCount;
import dev.acrwatch.rule.AbsenceRule;
import dev.acrwatch.rule.AlertIntent;
import dev.acrwatch.rule.AlertStateMachine;
import dev.acrwatch.rule.Dimension;
import dev.acrwatch.rule.InMemoryBinStore;
import dev.acrwatch.rule.RuleCommon;
import dev.acrwatch.rule.RuleEvaluator;
import dev.acrwatch.rule.RuleFilter;
import dev.acrwatch.rule.Rules;
import dev.acrwatch.rule.Severity;
import dev.acrwatch.rule.ThresholdRule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Synthetic event streams through bins, rules, lifecycle and router, as the poll use case wires them. */
class AlertingStoryTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final String WS = "ws-prod";
    private final Classifier classifier = new Classifier();
    private final InMemoryBinStore bins = new InMemoryBinStore();
    private final AlertStateMachine machine = new AlertStateMachine(Duration.ofHours(4));
    private final AlertRouter router = new AlertRouter(List.of(), new SilenceRegistry(Clock.fixed(T0, ZoneOffset.UTC)),
            InhibitRule.defaults());

    private static Instant min(int m) {
        return T0.plus(Duration.ofMinutes(m));
    }

    private void poll(int minute, String registry, String status, String identity, String ip, long count) {
        var row = new EventCount(LogTable.LOGIN, min(minute), registry, "Login", status, identity, ip, "", count,
                min(minute + 1), 0, 0);
        bins.addPoll(WS, List.of(new ClassifiedCount(row, classifier.classify(row))));
    }

    @Test
    void expiredSecretBurstFiresUnauthorizedAlertNamingTheIdentity() {
        var d = (ThresholdRule) Rules.defaults().get(0);
        var rule = new ThresholdRule(d.common().withReceivers(List.of("oncall")), d.threshold());
        var evaluator = new RuleEvaluator(List.of(rule), bins, machine);
        var healthy = dev.acrwatch.rule.SourceHealth.of(Map.of(WS, true));
        List<Notification> sent = new ArrayList<>();
        for (int m = 0; m < 10; m++) {
            poll(m, "prodacr.azurecr.io", "200", "", "", 50);
            poll(m, "prodacr.azurecr.io", "401", "ci-sp", "20.1.2.3", 3);
            poll(m, "prodacr.azurecr.io", "401", "", "20.1.2.9", 40); // anonymous challenges: noise, not counted
            router.accept(evaluator.evaluate(min(m + 1), healthy));
            sent.addAll(router.flush(min(m + 1)));
        }
        sent.addAll(router.flush(min(11)));
        assertThat(sent).singleElement().satisfies(n -> {
            assertThat(n.groupLabels()).isEqualTo(Map.of("rule", Rules.DEFAULT_AUTH_RULE,
                    "registry", "prodacr.azurecr.io"));
            var a = n.alerts().get(0);
            assertThat(a.startsAt()).isEqualTo(min(4)); // 3 rejected logins a minute: 12 >= 11 after four minutes
            assertThat(a.labels()).containsEntry("class", "unauthorized,forbidden").containsEntry("workspace", WS);
            assertThat(a.topIdentities()).containsExactly(new Contributor("ci-sp", 12));
            assertThat(a.topCallerIps()).containsExactly(new Contributor("20.1.2.3", 12));
        });
    }

    @Test
    void silentRegistryIsLeftToTheBlindAlertWhileTheWorkspaceCannotBeQueried() {
        var absence = new AbsenceRule(new RuleCommon("registry_silent", RuleFilter.ALL, List.of(Dimension.REGISTRY),
                Duration.ZERO, Severity.CRITICAL, Map.of(), Map.of(), List.of("oncall"), Duration.ofMinutes(15)), null);
        var evaluator = new RuleEvaluator(List.of(absence), bins, machine);
        var blind = new BlindDetector(Duration.ofMinutes(10), List.of("oncall"));
        poll(0, "prodacr.azurecr.io", "200", "", "", 5);
        Instant lastOk = min(1); // every query fails from here on
        List<Notification> sent = new ArrayList<>();
        for (int m = 2; m <= 40; m++) {
            var lastSuccess = Map.of(WS, lastOk);
            List<AlertIntent> intents = new ArrayList<>(blind.observe(machine, min(m), lastSuccess));
            intents.addAll(evaluator.evaluate(min(m), blind.health(min(m), lastSuccess)));
            router.accept(intents);
            sent.addAll(router.flush(min(m)));
        }
        assertThat(sent).flatExtracting(Notification::alerts).extracting(AlertSnapshot::ruleName)
                .containsExactly(BlindDetector.RULE_NAME);
        assertThat(machine.states()).extracting(s -> s.ruleName()).containsExactly(BlindDetector.RULE_NAME);
    }
}
