package dev.acrwatch.config;

import java.time.Duration;

/**
 * {@code workspaces[].learn_callers}: callers seen in at least {@code minHours} of the last
 * {@code ofHours} hours become expected callers (off by default).
 *
 * @param maxSilence the silence allowed to a learned caller before it counts as dropped
 */
public record LearnCallersConfig(boolean enabled, int minHours, int ofHours, Duration maxSilence) {

    public static final LearnCallersConfig DISABLED = new LearnCallersConfig(false, 3, 24, Duration.ofMinutes(15));
}
