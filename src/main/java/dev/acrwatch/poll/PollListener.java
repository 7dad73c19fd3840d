package dev.acrwatch.poll;

import dev.acrwatch.event.LogTable;
import dev.acrwatch.source.SourceException;

/** Port: told about each poll's outcome after it committed (or failed); metrics implement it. */
public interface PollListener {

    /** Called once per committed poll, so each event is reported exactly once. */
    void onPollCommitted(PollReport report);

    void onPollFailed(String workspace, LogTable table, SourceException failure);
}
