package dev.acrwatch.cli;

import dev.acrwatch.config.AcrWatchConfig;
import dev.acrwatch.config.ConfigException;
import dev.acrwatch.config.ConfigLoader;
import java.nio.file.Path;

/** Loads a config for a command, printing every problem to stderr when it is invalid. */
final class ConfigFiles {

    private ConfigFiles() {}

    /** The config, or null after printing its problems. */
    static AcrWatchConfig loadOrReport(Path file) {
        try {
            return ConfigLoader.load(file, System.getenv());
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return null;
        }
    }
}
