package dev.acrwatch.rule;

import dev.acrwatch.event.FailureClass;
import dev.acrwatch.event.LogTable;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which events a rule counts. Each empty set means "all". For ratio rules {@code classes} and
 * {@code reasons} select the numerator only; the denominator uses the other fields.
 *
 * @param reasons classification reasons ({@code rejected_credentials}, {@code anonymous}, …)
 */
public record RuleFilter(Set<LogTable> tables, Set<FailureClass> classes, Set<String> registries,
        Set<String> operations, Set<String> reasons) {

    public static final RuleFilter ALL = new RuleFilter(Set.of(), Set.of(), Set.of(), Set.of());

    public RuleFilter(Set<LogTable> tables, Set<FailureClass> classes, Set<String> registries, Set<String> operations) {
        this(tables, classes, registries, operations, Set.of());
    }

    public RuleFilter {
        tables = tables == null || tables.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(tables));
        classes = classes == null || classes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(classes));
        registries = registries == null ? Set.of() : Set.copyOf(registries);
        operations = operations == null ? Set.of() : Set.copyOf(operations);
        reasons = reasons == null ? Set.of() : Set.copyOf(reasons);
        for (String r : registries) {
            if (r.isBlank()) {
                throw new InvalidRuleException("filter.registries", "must not contain an empty name");
            }
        }
    }

    public static RuleFilter classes(FailureClass... classes) {
        return new RuleFilter(Set.of(), Set.of(classes), Set.of(), Set.of());
    }

    public RuleFilter withTables(LogTable... t) {
        return new RuleFilter(Set.of(t), classes, registries, operations, reasons);
    }

    public RuleFilter withRegistries(String... r) {
        return new RuleFilter(tables, classes, Set.of(r), operations, reasons);
    }

    public RuleFilter withOperations(String... o) {
        return new RuleFilter(tables, classes, registries, Set.of(o), reasons);
    }

    public RuleFilter withReasons(String... r) {
        return new RuleFilter(tables, classes, registries, operations, Set.of(r));
    }

    /** Matches every field, classes and reasons included. */
    public boolean matches(BinDims d) {
        return matchesScope(d) && (classes.isEmpty() || classes.contains(d.failureClass()))
                && (reasons.isEmpty() || reasons.contains(d.reason()));
    }

    /** Matches tables, registries and operations, whatever the class: the population a ratio divides by. */
    public boolean matchesScope(BinDims d) {
        return (tables.isEmpty() || tables.contains(d.table()))
                && (registries.isEmpty() || registries.contains(d.registry()))
                && (operations.isEmpty() || operations.contains(d.operation()));
    }

    /** The classes sorted in enum order, as the {@code class} label shows them ("unauthorized,forbidden"). */
    public String classLabel() {
        if (classes.isEmpty()) {
            return "any";
        }
        StringBuilder sb = new StringBuilder();
        for (FailureClass c : EnumSet.copyOf(classes)) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(c.label());
        }
        return sb.toString();
    }
}
