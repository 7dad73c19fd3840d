package dev.acrwatch.config;

import java.time.Duration;

/** Parses {@code workspaces[].learn_callers}. */
final class LearnCallersSection {

    // A week: the query scans every request of that window, so longer windows cost real money.
    static final int MAX_OF_HOURS = 168;

    private LearnCallersSection() {}

    static LearnCallersConfig parse(Node ws) {
        if (!ws.has("learn_callers")) {
            return LearnCallersConfig.DISABLED;
        }
        Node node = ws.child("learn_callers");
        LearnCallersConfig d = LearnCallersConfig.DISABLED;
        boolean enabled = node.bool("enabled", d.enabled());
        int minHours = node.integer("min_hours", d.minHours(), 1, MAX_OF_HOURS);
        int ofHours = node.integer("of_hours", d.ofHours(), 1, MAX_OF_HOURS);
        Duration maxSilence = node.duration("max_silence", d.maxSilence(), RegistriesSection.MIN_MAX_SILENCE, null);
        if (minHours > ofHours) {
            node.error("min_hours", "must not exceed of_hours (" + ofHours + "), found " + minHours);
        }
        node.finish();
        return new LearnCallersConfig(enabled, minHours, ofHours, maxSilence);
    }
}
