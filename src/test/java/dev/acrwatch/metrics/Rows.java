package dev.acrwatch.metrics;

import dev.acrwatch.event.Classifier;
import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.poll.ClassifiedCount;
import dev.acrwatch.poll.PollReport;
import dev.acrwatch.source.IngestionInterval;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Builds synthetic poll reports the way PollWorkspace would. */
final class Rows {

    private static final Classifier CLASSIFIER = new Classifier();

    private Rows() {}

    static ClassifiedCount row(LogTable table, Instant minute, String loginServer, String operation, String status,
            String identity, String ip, long count) {
        return row(table, minute, loginServer, operation, status, identity, ip, count, 0, 0);
    }

    static ClassifiedCount row(LogTable table, Instant minute, String loginServer, String operation, String status,
            String identity, String ip, long count, double delaySum, double delayMax) {
        EventCount e = new EventCount(table, minute, loginServer, operation, status, identity, ip, "",
                count, minute.plusSeconds(60), delaySum, delayMax);
        return new ClassifiedCount(e, CLASSIFIER.classify(e));
    }

    static PollReport report(String workspace, LogTable table, Instant watermark, List<ClassifiedCount> rows) {
        return report(workspace, table, watermark, rows, Duration.ZERO);
    }

    static PollReport report(String workspace, LogTable table, Instant watermark, List<ClassifiedCount> rows,
            Duration cut) {
        IngestionInterval interval = new IngestionInterval(watermark.minusSeconds(60), watermark);
        return new PollReport(workspace, table, interval, rows, watermark, cut);
    }
}
