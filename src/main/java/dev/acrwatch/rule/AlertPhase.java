package dev.acrwatch.rule;

/** Where one (rule, group) alert is. Inactive alerts have no state at all; resolving returns to inactive. */
public enum AlertPhase {
    /** Active, but not yet for the rule's {@code for} duration. Never notified. */
    PENDING,
    /** Active for at least {@code for}; notified on entry and every repeat interval. */
    FIRING
}
