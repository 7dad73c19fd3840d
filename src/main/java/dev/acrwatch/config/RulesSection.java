package dev.acrwatch.config;

import dev.acrwatch.alert.BlindDetector;
import dev.acrwatch.event.FailureClass;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.rule.AbsenceRule;
import dev.acrwatch.rule.Dimension;
import dev.acrwatch.rule.InvalidRuleException;
import dev.acrwatch.rule.RatioRule;
import dev.acrwatch.rule.Rule;
import dev.acrwatch.rule.RuleCommon;
import dev.acrwatch.rule.RuleFilter;
import dev.acrwatch.rule.Rules;
import dev.acrwatch.rule.Severity;
import dev.acrwatch.rule.SpikeRule;
import dev.acrwatch.rule.ThresholdRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Parses {@code alerting.rules}; the rule records check their own options, reported at their key path. */
final class RulesSection {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final List<String> TYPES = List.of("threshold", "ratio", "spike", "absence");
    private static final List<String> SEVERITIES = Arrays.stream(Severity.values()).map(Severity::label).toList();
    private static final List<String> TYPE_KEYS = List.of("threshold", "ratio", "min_events", "baseline", "factor",
            "min_count", "lookback");
    private static final String GROUPABLE = "registry, class, identity, caller_ip, repository, operation, workspace";

    private RulesSection() {}

    /** The rules; when the key is absent, the shipped defaults sent to every receiver. */
    static List<Rule> parse(Node alerting, List<String> receiverNames) {
        boolean given = alerting.has("rules");
        List<Node> nodes = alerting.mapList("rules", false);
        if (!given) {
            return Rules.defaults().stream().map(r -> withReceivers(r, receiverNames)).toList();
        }
        List<Rule> out = new ArrayList<>();
        Map<String, String> firstPathByName = new HashMap<>();
        for (Node r : nodes) {
            rule(r, receiverNames, firstPathByName).ifPresent(out::add);
        }
        return out;
    }

    private static Optional<Rule> rule(Node r, List<String> receiverNames, Map<String, String> firstPathByName) {
        String name = name(r, firstPathByName);
        String type = r.has("type") ? r.oneOf("type", null, TYPES) : missing(r, "type");
        RuleFilter filter = filter(r.child("filter"));
        Duration window = r.has("window") ? minutes(r, "window", null) : missing(r, "window");
        List<Dimension> groupBy = groupBy(r);
        Duration forDuration = r.duration("for", Duration.ZERO, Duration.ZERO, null);
        String severity = r.has("severity") ? r.oneOf("severity", null, SEVERITIES) : missing(r, "severity");
        Map<String, String> labels = labels(r, r.stringMap("labels").orElse(Map.of()));
        Map<String, String> annotations = r.stringMap("annotations").orElse(Map.of());
        List<String> receivers = receivers(r, receiverNames);
        Function<RuleCommon, Rule> build = type == null ? null : typed(r, type);
        if (type == null) {
            // without a valid type the type's own keys cannot be judged; do not call them unknown
            r.known(TYPE_KEYS.toArray(String[]::new));
        }
        r.finish();
        if (name == null || build == null || window == null || severity == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(build.apply(new RuleCommon(name, filter, groupBy, forDuration, Severity.parse(severity),
                    labels, annotations, receivers, window)));
        } catch (InvalidRuleException e) {
            r.error(new Node.Item(r.path() + "." + e.field(), ""), ReceiversSection.problemOf(e));
            return Optional.empty();
        }
    }

    /** Checks label names here so that every bad one is reported, not only the first. */
    private static Map<String, String> labels(Node r, Map<String, String> labels) {
        Map<String, String> ok = new java.util.LinkedHashMap<>();
        labels.forEach((k, v) -> {
            if (RuleCommon.RESERVED_LABELS.contains(k)) {
                r.error(labelItem(r, k), Render.quote(k) + " is set by acr-watch and cannot be overridden");
            } else if (!NAME.matcher(k).matches()) {
                r.error(labelItem(r, k), "label names are letters, digits and underscores, not starting with a digit, found "
                        + Render.quote(k));
            } else {
                ok.put(k, v);
            }
        });
        return ok;
    }

    private static Node.Item labelItem(Node r, String key) {
        return new Node.Item(Render.keyPath(r.pathOf("labels"), key), "");
    }

    private static String name(Node r, Map<String, String> firstPathByName) {
        if (!r.has("name")) {
            return missing(r, "name");
        }
        String name = r.matching("name", NAME, "letters, digits and underscores, not starting with a digit")
                .orElse(null);
        if (name == null) {
            return null;
        }
        if (name.equals(BlindDetector.RULE_NAME)) {
            r.error("name", Render.quote(name) + " is the built-in blind alert; choose another name");
            return null;
        }
        String first = firstPathByName.putIfAbsent(name, r.path());
        if (first != null) {
            r.error("name", "duplicate rule name " + Render.quote(name) + " (first used in " + first + ")");
            return null;
        }
        return name;
    }

    /** Reads the type's own options; null when one is missing or wrong (reported). */
    private static Function<RuleCommon, Rule> typed(Node r, String type) {
        switch (type) {
            case "threshold" -> {
                Integer threshold = count(r, "threshold");
                return threshold == null ? null : c -> new ThresholdRule(c, threshold);
            }
            case "ratio" -> {
                Double ratio = requiredNumber(r, "ratio", "a fraction in (0, 1] like 0.2");
                if (ratio != null && !(ratio > 0 && ratio <= 1)) {
                    r.error("ratio", "expected a fraction in (0, 1] like 0.2, found " + number(ratio));
                    ratio = null;
                }
                Integer minEvents = count(r, "min_events");
                Double p = ratio;
                return p == null || minEvents == null ? null : c -> new RatioRule(c, p, minEvents);
            }
            case "spike" -> {
                Duration baseline = r.has("baseline") ? minutes(r, "baseline", null) : missing(r, "baseline");
                Double factor = requiredNumber(r, "factor", "a number above 1 like 3");
                if (factor != null && !(factor > 1)) {
                    r.error("factor", "expected a number above 1 like 3, found " + number(factor));
                    factor = null;
                }
                Integer minCount = count(r, "min_count");
                Double k = factor;
                return baseline == null || k == null || minCount == null ? null
                        : c -> new SpikeRule(c, baseline, k, minCount);
            }
            default -> {
                Duration lookback = minutes(r, "lookback", AbsenceRule.DEFAULT_LOOKBACK);
                return lookback == null ? null : c -> new AbsenceRule(c, lookback);
            }
        }
    }

    private static Integer count(Node r, String key) {
        if (!r.has(key)) {
            return missing(r, key);
        }
        int n = r.integer(key, 0, 1, Integer.MAX_VALUE);
        return n == 0 ? null : n;
    }

    /** A whole number of minutes, as bins are per minute; null after a reported problem. */
    private static Duration minutes(Node r, String key, Duration fallback) {
        if (!r.has(key)) {
            return fallback;
        }
        Duration d = r.duration(key, null, Duration.ZERO, null);
        if (d == null) {
            return null;
        }
        if (d.isZero() || d.toSecondsPart() != 0 || d.toMillisPart() != 0) {
            r.error(key, "expected a positive whole number of minutes like 5m, found "
                    + Render.quote(r.string(key).orElse(Durations.format(d))));
            return null;
        }
        return d;
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static Double requiredNumber(Node r, String key, String expectation) {
        if (!r.has(key)) {
            return missing(r, key);
        }
        return r.number(key, expectation).orElse(null);
    }

    private static RuleFilter filter(Node f) {
        Set<LogTable> tables = words(f, "tables", Arrays.stream(LogTable.values()).collect(
                Collectors.toMap(LogTable::label, t -> t, (a, b) -> a, java.util.LinkedHashMap::new)));
        Set<FailureClass> classes = words(f, "classes", Arrays.stream(FailureClass.values()).collect(
                Collectors.toMap(FailureClass::label, c -> c, (a, b) -> a, java.util.LinkedHashMap::new)));
        Set<String> registries = names(f, "registries", true);
        Set<String> operations = names(f, "operations", false);
        Set<String> reasons = names(f, "reasons", false);
        f.finish();
        return new RuleFilter(tables, classes, registries, operations, reasons);
    }

    private static <T> Set<T> words(Node f, String key, Map<String, T> byLabel) {
        Set<T> out = new LinkedHashSet<>();
        for (Node.Item item : f.stringList(key).orElse(List.of())) {
            T value = byLabel.get(item.value());
            if (value == null) {
                f.error(item, "expected one of " + String.join(", ", byLabel.keySet()) + ", found " + Render.quote(item.value()));
            } else if (!out.add(value)) {
                f.error(item, "duplicate " + Render.quote(item.value()));
            }
        }
        return out;
    }

    private static Set<String> names(Node f, String key, boolean lowerCase) {
        Set<String> out = new LinkedHashSet<>();
        for (Node.Item item : f.stringList(key).orElse(List.of())) {
            String v = lowerCase ? item.value().toLowerCase(Locale.ROOT) : item.value();
            if (v.isBlank()) {
                f.error(item, "must not be empty");
            } else if (!out.add(v)) {
                f.error(item, "duplicate " + Render.quote(item.value()));
            }
        }
        return out;
    }

    private static List<Dimension> groupBy(Node r) {
        List<Dimension> out = new ArrayList<>();
        for (Node.Item item : r.stringList("group_by").orElse(List.of())) {
            Dimension d = Dimension.fromLabel(item.value());
            if (d == null || !RuleCommon.GROUPABLE.contains(d)) {
                r.error(item, "expected one of " + GROUPABLE + ", found " + Render.quote(item.value()));
            } else if (out.contains(d)) {
                r.error(item, "duplicate " + Render.quote(item.value()));
            } else {
                out.add(d);
            }
        }
        return out;
    }

    private static List<String> receivers(Node r, List<String> known) {
        Optional<List<Node.Item>> items = r.stringList("receivers");
        if (items.isEmpty()) {
            return known;
        }
        if (items.get().isEmpty()) {
            r.error("receivers", "must not be empty (leave the key out to send to every receiver)");
        }
        List<String> out = new ArrayList<>();
        for (Node.Item item : items.get()) {
            if (!known.contains(item.value())) {
                r.error(item, "unknown receiver " + Render.quote(item.value()) + (known.isEmpty()
                        ? " (alerting.receivers defines none)"
                        : " (known receivers: " + String.join(", ", known) + ")"));
            } else if (out.contains(item.value())) {
                r.error(item, "duplicate receiver " + Render.quote(item.value()));
            } else {
                out.add(item.value());
            }
        }
        return out;
    }

    private static Rule withReceivers(Rule r, List<String> receivers) {
        RuleCommon c = r.common().withReceivers(receivers);
        if (r instanceof ThresholdRule t) {
            return new ThresholdRule(c, t.threshold());
        } else if (r instanceof RatioRule q) {
            return new RatioRule(c, q.ratio(), q.minEvents());
        } else if (r instanceof SpikeRule s) {
            return new SpikeRule(c, s.baseline(), s.factor(), s.minCount());
        }
        AbsenceRule a = (AbsenceRule) r;
        return new AbsenceRule(c, a.lookback());
    }

    private static <T> T missing(Node n, String key) {
        n.error(key, "required");
        return null;
    }
}
