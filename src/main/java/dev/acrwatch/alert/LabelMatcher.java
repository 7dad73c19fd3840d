package dev.acrwatch.alert;

import dev.acrwatch.rule.InvalidRuleException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label condition of a silence or inhibition: {@code name=value}, {@code name!=value},
 * {@code name=~regex} or {@code name!~regex}. Regexes are anchored (must match the whole value);
 * a missing label is the empty string.
 */
public record LabelMatcher(String name, Op op, String value) {

    /** How the label value is compared. */
    public enum Op {
        EQ("="), NEQ("!="), RE("=~"), NRE("!~");

        private final String text;

        Op(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    public LabelMatcher {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new InvalidRuleException("matchers", "expected a label name, found "
                    + (name == null ? "nothing" : "\"" + name + "\""));
        }
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(value, "value");
        if (op == Op.RE || op == Op.NRE) {
            try {
                pattern(value);
            } catch (PatternSyntaxException e) {
                throw new InvalidRuleException("matchers", "invalid regular expression for " + name + ": \""
                        + value + "\" (" + e.getDescription() + ")");
            }
        }
    }

    public static LabelMatcher eq(String name, String value) {
        return new LabelMatcher(name, Op.EQ, value);
    }

    public static LabelMatcher re(String name, String regex) {
        return new LabelMatcher(name, Op.RE, regex);
    }

    /** Parses {@code name=value}, {@code name!=value}, {@code name=~re}, {@code name!~re}; value may be "quoted". */
    public static LabelMatcher parse(String text) {
        String t = text == null ? "" : text.strip();
        int i = 0;
        while (i < t.length() && (Character.isLetterOrDigit(t.charAt(i)) || t.charAt(i) == '_')) {
            i++;
        }
        String name = t.substring(0, i);
        String rest = t.substring(i);
        for (Op op : new Op[] {Op.NEQ, Op.RE, Op.NRE, Op.EQ}) {
            if (rest.startsWith(op.text())) {
                String v = rest.substring(op.text().length()).strip();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                return new LabelMatcher(name, op, v);
            }
        }
        throw new InvalidRuleException("matchers", "expected name=value, name!=value, name=~regex or name!~regex, found \""
                + text + "\"");
    }

    private static Pattern pattern(String regex) {
        return PATTERNS.computeIfAbsent(regex, r -> Pattern.compile("(?:" + r + ")"));
    }

    public boolean matches(Map<String, String> labels) {
        String actual = labels.getOrDefault(name, "");
        return switch (op) {
            case EQ -> actual.equals(value);
            case NEQ -> !actual.equals(value);
            case RE -> pattern(value).matcher(actual).matches();
            case NRE -> !pattern(value).matcher(actual).matches();
        };
    }

    /** True when all matchers match. */
    public static boolean all(Iterable<LabelMatcher> matchers, Map<String, String> labels) {
        for (LabelMatcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return name + op.text() + "\"" + value + "\"";
    }
}
