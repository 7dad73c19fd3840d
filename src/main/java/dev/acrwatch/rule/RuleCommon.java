package dev.acrwatch.rule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Options every rule type has. Rules always evaluate per workspace (it is the unit whose data can go
 * missing), so {@code workspace} is an implicit group label; {@code groupBy} adds to it.
 *
 * @param forDuration how long the condition must hold before the alert fires (pending until then)
 * @param window      the sliding window [now − window, now) counted; whole minutes, as bins are per minute
 */
public record RuleCommon(
        String name,
        RuleFilter filter,
        List<Dimension> groupBy,
        Duration forDuration,
        Severity severity,
        Map<String, String> labels,
        Map<String, String> annotations,
        List<String> receivers,
        Duration window) {

    /** Dimensions a rule may group by; table and reason are filter-only. */
    public static final Set<Dimension> GROUPABLE = Set.of(Dimension.REGISTRY, Dimension.CLASS,
            Dimension.IDENTITY, Dimension.CALLER_IP, Dimension.REPOSITORY, Dimension.OPERATION,
            Dimension.WORKSPACE);

    /** Labels that identify an alert; a rule's own labels cannot override them. */
    public static final Set<String> RESERVED_LABELS = Set.of("rule", "severity", "class", "workspace",
            "registry", "identity", "caller_ip", "repository", "operation");

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public RuleCommon {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidRuleException("name",
                    "expected letters, digits and underscores, not starting with a digit, found " + quote(name));
        }
        filter = filter == null ? RuleFilter.ALL : filter;
        groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
        for (int i = 0; i < groupBy.size(); i++) {
            Dimension d = groupBy.get(i);
            if (d == null || !GROUPABLE.contains(d)) {
                throw new InvalidRuleException("group_by[" + i + "]",
                        "expected one of registry, class, identity, caller_ip, repository, operation, workspace, found "
                                + quote(d == null ? null : d.label()));
            }
            if (groupBy.indexOf(d) != i) {
                throw new InvalidRuleException("group_by[" + i + "]", "\"" + d.label() + "\" is listed twice");
            }
        }
        forDuration = forDuration == null ? Duration.ZERO : forDuration;
        if (forDuration.isNegative()) {
            throw new InvalidRuleException("for", "must not be negative, found " + Durations.format(forDuration));
        }
        Objects.requireNonNull(severity, "severity");
        labels = sorted(labels);
        for (String k : labels.keySet()) {
            if (RESERVED_LABELS.contains(k)) {
                throw new InvalidRuleException("labels." + k, "\"" + k + "\" is set by acr-watch and cannot be overridden");
            }
            if (!NAME.matcher(k).matches()) {
                throw new InvalidRuleException("labels", "label names are letters, digits and underscores, found " + quote(k));
            }
        }
        annotations = sorted(annotations);
        receivers = receivers == null ? List.of() : List.copyOf(receivers);
        for (int i = 0; i < receivers.size(); i++) {
            if (receivers.get(i).isBlank()) {
                throw new InvalidRuleException("receivers[" + i + "]", "must not be empty");
            }
        }
        requireWholeMinutes("window", window);
    }

    /** Throws unless {@code d} is a positive whole number of minutes. */
    static void requireWholeMinutes(String field, Duration d) {
        if (d == null) {
            throw new InvalidRuleException(field, "is required, e.g. 5m");
        }
        if (d.isNegative() || d.isZero() || d.toSecondsPart() != 0 || d.toNanosPart() != 0) {
            throw new InvalidRuleException(field,
                    "expected a positive whole number of minutes like 5m, found " + Durations.format(d));
        }
    }

    static String quote(String s) {
        return s == null ? "nothing" : "\"" + s + "\"";
    }

    private static Map<String, String> sorted(Map<String, String> m) {
        return m == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(m));
    }

    /** A copy with another name and receivers — for tests and defaults. */
    public RuleCommon withReceivers(List<String> r) {
        return new RuleCommon(name, filter, groupBy, forDuration, severity, labels, annotations, r, window);
    }

    public RuleCommon withFor(Duration f) {
        return new RuleCommon(name, filter, groupBy, f, severity, labels, annotations, receivers, window);
    }

    /** The group dimensions in effect: workspace first, then group_by in order. */
    public List<Dimension> effectiveGroupBy() {
        List<Dimension> out = new ArrayList<>();
        out.add(Dimension.WORKSPACE);
        for (Dimension d : groupBy) {
            if (d != Dimension.WORKSPACE) {
                out.add(d);
            }
        }
        return out;
    }
}
