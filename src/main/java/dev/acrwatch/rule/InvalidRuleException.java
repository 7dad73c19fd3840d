package dev.acrwatch.rule;

/**
 * A rule, route, silence or inhibition definition that cannot work. The message starts with the
 * field name so the config loader can prefix its key path ({@code rules[2].} + message).
 */
public final class InvalidRuleException extends IllegalArgumentException {

    private final String field;

    public InvalidRuleException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /** The offending field as written in config ({@code window}, {@code group_by}, …). */
    public String field() {
        return field;
    }
}
