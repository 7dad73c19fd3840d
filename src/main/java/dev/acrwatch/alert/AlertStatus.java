package dev.acrwatch.alert;

/** The state an alert is reported in. Pending alerts are never sent to receivers. */
public enum AlertStatus {
    FIRING("firing"),
    RESOLVED("resolved");

    private final String label;

    AlertStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
