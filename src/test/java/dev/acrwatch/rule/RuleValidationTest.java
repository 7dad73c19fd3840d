package dev.acrwatch.rule;

import static dev.acrwatch.rule.Fixtures.common;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acrwatch.event.FailureClass;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleValidationTest {

    private static final Duration FIVE = Duration.ofMinutes(5);

    private static RuleCommon plain() {
        return common("r", RuleFilter.ALL, List.of(Dimension.REGISTRY), Duration.ZERO, FIVE);
    }

    @Test
    void windowThatIsNotWholeMinutesNamesFieldAndValue() {
        assertThatThrownBy(() -> common("r", RuleFilter.ALL, List.of(), Duration.ZERO, Duration.ofSeconds(90)))
                .isInstanceOf(InvalidRuleException.class)
                .hasMessage("window: expected a positive whole number of minutes like 5m, found 1m30s");
    }

    @Test
    void missingWindowSaysItIsRequired() {
        assertThatThrownBy(() -> common("r", RuleFilter.ALL, List.of(), Duration.ZERO, null))
                .hasMessage("window: is required, e.g. 5m");
    }

    @Test
    void badNameIsQuoted() {
        assertThatThrownBy(() -> common("9 lives", RuleFilter.ALL, List.of(), Duration.ZERO, FIVE))
                .hasMessage("name: expected letters, digits and underscores, not starting with a digit, found \"9 lives\"");
    }

    @Test
    void groupByTableIsRejectedWithItsIndex() {
        assertThatThrownBy(() -> common("r", RuleFilter.ALL, List.of(Dimension.REGISTRY, Dimension.TABLE),
                Duration.ZERO, FIVE)).hasMessage("group_by[1]: expected one of registry, class, identity, caller_ip,"
                        + " repository, operation, workspace, found \"table\"");
    }

    @Test
    void negativeForIsRejected() {
        assertThatThrownBy(() -> common("r", RuleFilter.ALL, List.of(), Duration.ofMinutes(-1), FIVE))
                .hasMessage("for: must not be negative, found -1m");
    }

    @Test
    void reservedLabelCannotBeOverridden() {
        assertThatThrownBy(() -> new RuleCommon("r", RuleFilter.ALL, List.of(), Duration.ZERO, Severity.INFO,
                Map.of("severity", "low"), Map.of(), List.of(), FIVE))
                .hasMessage("labels.severity: \"severity\" is set by acr-watch and cannot be overridden");
    }

    @Test
    void unknownSeverityListsTheChoices() {
        assertThatThrownBy(() -> Severity.parse("page"))
                .hasMessage("severity: expected one of critical, warning, info, found \"page\"");
    }

    @Test
    void thresholdBelowOneIsRejected() {
        assertThatThrownBy(() -> new ThresholdRule(plain(), 0))
                .hasMessage("threshold: expected a count of at least 1, found 0");
    }

    @Test
    void ratioOutsideZeroToOneIsRejected() {
        assertThatThrownBy(() -> new RatioRule(plain(), 20, 10))
                .hasMessage("ratio: expected a fraction in (0, 1] like 0.2, found 20.0");
    }

    @Test
    void ratioGroupedByIdentityIsRejectedWithTheReason() {
        var byIdentity = common("r", RuleFilter.ALL, List.of(Dimension.IDENTITY), Duration.ZERO, FIVE);
        assertThatThrownBy(() -> new RatioRule(byIdentity, 0.2, 10))
                .hasMessageStartingWith("group_by[0]: a ratio rule groups by workspace, registry or operation only");
    }

    @Test
    void spikeBaselineShorterThanWindowIsRejected() {
        assertThatThrownBy(() -> new SpikeRule(plain(), Duration.ofMinutes(3), 3, 10))
                .hasMessage("baseline: must be at least the window (5m), found 3m");
    }

    @Test
    void spikeFactorOfOneIsRejected() {
        assertThatThrownBy(() -> new SpikeRule(plain(), Duration.ofHours(1), 1, 10))
                .hasMessage("factor: expected a number above 1 like 3, found 1.0");
    }

    @Test
    void absenceWithClassesIsRejected() {
        var c = common("r", RuleFilter.classes(FailureClass.OK), List.of(Dimension.REGISTRY), Duration.ZERO, FIVE);
        assertThatThrownBy(() -> new AbsenceRule(c, null))
                .hasMessage("filter.classes: an absence rule counts events of every class; remove it");
    }

    @Test
    void absenceLookbackNotLongerThanWindowIsRejected() {
        assertThatThrownBy(() -> new AbsenceRule(plain(), FIVE)).hasMessageStartingWith(
                "lookback: must be longer than the window (5m)");
    }

    @Test
    void absenceGroupedByIdentityIsRejected() {
        var c = common("r", RuleFilter.ALL, List.of(Dimension.IDENTITY), Duration.ZERO, FIVE);
        assertThatThrownBy(() -> new AbsenceRule(c, null))
                .hasMessage("group_by: an absence rule groups by registry or by nothing (the workspace), found [identity]");
    }

    @Test
    void duplicateRuleNamesNameTheSecondIndex() {
        var t = new ThresholdRule(plain(), 1);
        assertThatThrownBy(() -> Rules.requireUniqueNames(List.of(t, t)))
                .hasMessage("rules[1].name: \"r\" is already used by another rule");
    }
}
