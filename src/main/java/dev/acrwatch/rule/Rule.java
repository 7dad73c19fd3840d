package dev.acrwatch.rule;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An alert rule over window bins. Comparisons are always "at least": a rule is active when its value
 * is {@code >=} its threshold (so "more than 10" is written {@code threshold: 11}).
 */
public sealed interface Rule permits ThresholdRule, RatioRule, SpikeRule, AbsenceRule {

    RuleCommon common();

    /** The type name as written in config ({@code threshold}, {@code ratio}, …). */
    String type();

    /** How far back bins must be kept for this rule to evaluate. */
    Duration history();

    /** The {@code class} label of this rule's alerts when it does not group by class. */
    default String classLabel() {
        return common().filter().classLabel();
    }

    /**
     * Evaluates every group at {@code now} (pass the data horizon — the newest ingestion time polled —
     * rather than the wall clock, so the last minutes are not read as empty).
     */
    List<RuleResult> evaluate(Instant now, BinStore bins, SourceHealth health);

    default String name() {
        return common().name();
    }
}
