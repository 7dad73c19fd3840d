package dev.acrwatch.source.export;

import java.util.Locale;

/** The export formats the backtest reads. */
public enum InputFormat {
    CSV("csv"),
    PORTAL_JSON("portal-json"),
    AZ_JSON("az-json");

    private final String label;

    InputFormat(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Parses a command-line value: csv, portal-json or az-json. */
    public static InputFormat parse(String s) {
        for (InputFormat f : values()) {
            if (f.label.equals(s.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("--input-format: expected csv, portal-json or az-json, found \"" + s + "\"");
    }
}
