package dev.acrwatch.poll;

import dev.acrwatch.event.Classification;
import dev.acrwatch.event.EventCount;

/** A summarized row with its classification. */
public record ClassifiedCount(EventCount row, Classification classification) {}
