package dev.acrwatch.alert;

import static dev.acrwatch.alert.AlertHarness.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acrwatch.rule.AlertStateMachine;
import dev.acrwatch.rule.IntentKind;
import dev.acrwatch.rule.RuleResult;
import dev.acrwatch.rule.TopCount;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BlindDetectorAndSnapshotTest {

    private final BlindDetector blind = new BlindDetector(null, List.of("slack"));
    private final AlertStateMachine machine = new AlertStateMachine(Duration.ofHours(4));

    @Test
    void blindAlertFiresAfterTenMinutesWithoutASuccessfulQueryAndResolvesOnSuccess() {
        var lastOk = Map.of(WS, T0);
        assertThat(blind.observe(machine, at(599), lastOk)).isEmpty();
        assertThat(blind.health(at(599), lastOk).isHealthy(WS)).isTrue();
        var fired = blind.observe(machine, at(600), lastOk);
        assertThat(fired).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo(IntentKind.FIRING);
            var s = AlertSnapshots.of(i);
            assertThat(s.labels()).isEqualTo(Map.of("rule", "acrwatch_blind", "workspace", WS, "class", "none",
                    "severity", "critical"));
            assertThat(s.value()).isEqualTo(600);
        });
        assertThat(blind.health(at(600), lastOk).isHealthy(WS)).isFalse();
        assertThat(blind.observe(machine, at(660), lastOk)).isEmpty();
        var resolved = blind.observe(machine, at(720), Map.of(WS, at(715)));
        assertThat(resolved).singleElement().satisfies(i -> assertThat(i.kind()).isEqualTo(IntentKind.RESOLVED));
    }

    @Test
    void blindAfterThatIsNotWholeMinutesIsRejectedUnderItsOwnName() {
        assertThatThrownBy(() -> new BlindDetector(Duration.ofSeconds(30), List.of()))
                .hasMessage("blind_after: expected a positive whole number of minutes like 5m, found 30s");
    }

    @Test
    void snapshotHasSortedIdentifyingLabelsValueAndContributors() {
        var rule = AlertHarness.rule("auth", "slack");
        var result = new RuleResult("auth", "threshold", new TreeMap<>(Map.of("workspace", WS, "registry", "reg1")),
                true, 23, 11, Duration.ofMinutes(5), Optional.of(at(60)), Optional.of(at(180)),
                List.of(new TopCount("sp-a", 12)), List.of(new TopCount("10.0.0.2", 9)), List.of());
        var intent = machine.observe(rule, "threshold", "unauthorized,forbidden", List.of(result), at(240)).get(0);
        var s = AlertSnapshots.of(intent);
        assertThat(s.labels().keySet()).containsExactly("class", "registry", "rule", "severity", "team", "workspace");
        assertThat(s.labels()).containsEntry("class", "unauthorized,forbidden").containsEntry("rule", "auth");
        assertThat(s.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(s.startsAt()).isEqualTo(at(240));
        assertThat(s.endsAt()).isEmpty();
        assertThat(s.value()).isEqualTo(23);
        assertThat(s.threshold()).isEqualTo(11);
        assertThat(s.firstSeen()).contains(at(60));
        assertThat(s.topIdentities()).containsExactly(new Contributor("sp-a", 12));
        assertThat(s.topCallerIps()).containsExactly(new Contributor("10.0.0.2", 9));
        assertThat(s.annotations()).containsEntry("summary", "s");
    }
}
