package dev.acrwatch.config;

/** Log format ({@code plain} or {@code json}) and root level; logs always go to stderr. */
public record LoggingConfig(String format, String level) {

    public static LoggingConfig defaults() {
        return new LoggingConfig("plain", "info");
    }
}
