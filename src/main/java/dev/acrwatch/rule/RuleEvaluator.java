package dev.acrwatch.rule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One evaluation pass: every rule over the bins, through the lifecycle, then pruning bins no rule needs.
 * The poll use case calls it after adding a committed poll's rows and stores the returned intents,
 * {@link AlertStateMachine#states()} and the bins in the same transaction.
 */
public final class RuleEvaluator {

    private final List<Rule> rules;
    private final BinStore bins;
    private final AlertStateMachine machine;
    private final Duration retention;

    public RuleEvaluator(List<? extends Rule> rules, BinStore bins, AlertStateMachine machine) {
        Rules.requireUniqueNames(rules);
        this.rules = List.copyOf(rules);
        this.bins = bins;
        this.machine = machine;
        this.retention = Rules.retention(rules);
    }

    /** The rules, in config order. */
    public List<Rule> rules() {
        return rules;
    }

    /** How long bins are kept: the longest history any rule needs. */
    public Duration retention() {
        return retention;
    }

    /**
     * @param now the data horizon (newest polled ingestion time), not the wall clock, so minutes not yet
     *            polled are not read as silence
     */
    public List<AlertIntent> evaluate(Instant now, SourceHealth health) {
        List<AlertIntent> intents = new ArrayList<>();
        for (Rule r : rules) {
            intents.addAll(machine.observe(r, r.evaluate(now, bins, health), now));
        }
        bins.pruneBefore(now.minus(retention));
        return intents;
    }
}
