package dev.acrwatch.rule;

/** How urgent an alert is; carried as the {@code severity} label. */
public enum Severity {
    CRITICAL("critical"),
    WARNING("warning"),
    INFO("info");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Parses a config value; throws naming the field and value when unknown. */
    public static Severity parse(String value) {
        for (Severity s : values()) {
            if (s.label.equals(value)) {
                return s;
            }
        }
        throw new InvalidRuleException("severity",
                "expected one of critical, warning, info, found \"" + value + "\"");
    }
}
