package dev.acrwatch.source;

import dev.acrwatch.event.LogTable;

/**
 * Port: reads summarized ACR events of one workspace. An implementation returns complete data
 * for the interval or throws — it never returns a partial result as if it were whole.
 */
public interface EventSource {

    EventBatch fetch(LogTable table, IngestionInterval interval) throws SourceException;
}
