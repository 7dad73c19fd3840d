package dev.acrwatch.source;

import dev.acrwatch.event.LogTable;
import java.time.Duration;
import java.util.Optional;

/** Port: told about every single query sent (including retries and split halves). */
public interface QueryListener {

    void onQuery(String workspace, LogTable table, Duration elapsed, int rows, Optional<QueryFailureReason> failure);

    QueryListener NONE = (workspace, table, elapsed, rows, failure) -> { };
}
