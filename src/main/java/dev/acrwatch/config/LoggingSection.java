package dev.acrwatch.config;

import java.util.List;

/** Parses the top-level {@code logging} map. */
final class LoggingSection {

    private LoggingSection() {}

    static LoggingConfig parse(Node logging) {
        LoggingConfig d = LoggingConfig.defaults();
        String format = logging.oneOf("format", d.format(), List.of("plain", "json"));
        String level = logging.oneOf("level", d.level(), List.of("trace", "debug", "info", "warn", "error"));
        logging.finish();
        return new LoggingConfig(format, level);
    }
}
