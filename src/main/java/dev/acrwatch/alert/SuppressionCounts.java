package dev.acrwatch.alert;

/**
 * Firing alerts currently held back, for a gauge ({@code acrwatch_alerts_suppressed{reason}}).
 * An alert both silenced and inhibited counts as silenced.
 */
public record SuppressionCounts(long silenced, long inhibited) {}
