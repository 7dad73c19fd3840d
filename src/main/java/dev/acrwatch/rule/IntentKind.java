package dev.acrwatch.rule;

/** What an alert transition asks receivers to be told. */
public enum IntentKind {
    FIRING("firing"),
    REPEAT("repeat"),
    RESOLVED("resolved");

    private final String label;

    IntentKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
