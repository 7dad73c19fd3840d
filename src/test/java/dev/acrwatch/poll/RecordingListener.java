package dev.acrwatch.poll;

import dev.acrwatch.event.LogTable;
import dev.acrwatch.source.SourceException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every report and failure it was told about. */
public final class RecordingListener implements PollListener {

    public final List<PollReport> committed = new CopyOnWriteArrayList<>();
    public final List<SourceException> failures = new CopyOnWriteArrayList<>();

    @Override
    public void onPollCommitted(PollReport report) {
        committed.add(report);
    }

    @Override
    public void onPollFailed(String workspace, LogTable table, SourceException failure) {
        failures.add(failure);
    }

    /** Every reported row, over all reports, in order. */
    public List<ClassifiedCount> rows() {
        return committed.stream().flatMap(r -> r.rows().stream()).toList();
    }
}
