package dev.acrwatch.rule;

import java.util.Locale;

/** A column window bins are keyed by; rules filter and group on these. */
public enum Dimension {
    WORKSPACE("workspace"),
    REGISTRY("registry"),
    TABLE("table"),
    CLASS("class"),
    REASON("reason"),
    OPERATION("operation"),
    IDENTITY("identity"),
    CALLER_IP("caller_ip"),
    REPOSITORY("repository");

    private final String label;

    Dimension(String label) {
        this.label = label;
    }

    /** The name used in config ({@code group_by}) and as an alert label. */
    public String label() {
        return label;
    }

    /** This dimension's value in a bin. */
    public String valueOf(BinDims dims) {
        return switch (this) {
            case WORKSPACE -> dims.workspace();
            case REGISTRY -> dims.registry();
            case TABLE -> dims.table().label();
            case CLASS -> dims.failureClass().label();
            case REASON -> dims.reason();
            case OPERATION -> dims.operation();
            case IDENTITY -> dims.identity();
            case CALLER_IP -> dims.callerIp();
            case REPOSITORY -> dims.repository();
        };
    }

    /** Parses a config label ("caller_ip"); null when unknown. */
    public static Dimension fromLabel(String label) {
        if (label == null) {
            return null;
        }
        String l = label.toLowerCase(Locale.ROOT);
        for (Dimension d : values()) {
            if (d.label.equals(l)) {
                return d;
            }
        }
        return null;
    }
}
