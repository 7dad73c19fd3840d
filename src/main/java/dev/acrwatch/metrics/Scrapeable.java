package dev.acrwatch.metrics;

/** Something that renders metrics in a Prometheus exposition format. */
@FunctionalInterface
public interface Scrapeable {

    /** The exposition text in the format named by {@code contentType}. */
    String scrape(String contentType);
}
