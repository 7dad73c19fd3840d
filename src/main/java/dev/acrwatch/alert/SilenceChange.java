package dev.acrwatch.alert;

import java.time.Instant;

/**
 * Audit record of one change to the silences: who did what to which silence, why, and when.
 *
 * @param action {@code create} or {@code expire}
 * @param reason the silence comment on create, the given reason on expire
 */
public record SilenceChange(String action, String silenceId, String by, String reason, Instant at, Silence silence) {}
