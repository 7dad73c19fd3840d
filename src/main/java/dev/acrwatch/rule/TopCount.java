package dev.acrwatch.rule;

/** One identity / caller IP / repository and how many counted events it had. Value is log-controlled. */
public record TopCount(String value, long count) {}
