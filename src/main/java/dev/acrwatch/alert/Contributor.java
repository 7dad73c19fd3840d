package dev.acrwatch.alert;

/** One identity / IP / repository and how many of the alert's events it caused. Value is log-controlled. */
public record Contributor(String value, long count) {}
