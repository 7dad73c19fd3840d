package dev.acrwatch.config;

import java.util.Objects;

/** A secret value. Its toString, equals and hashCode never reveal it. */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The plain value: call only where it is handed to the thing that needs it. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "<redacted>";
    }
}
