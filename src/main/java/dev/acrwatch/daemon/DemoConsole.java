package dev.acrwatch.daemon;

import dev.acrwatch.event.Classification;
import dev.acrwatch.event.FailureClass;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.poll.ClassifiedCount;
import dev.acrwatch.poll.PollListener;
import dev.acrwatch.poll.PollReport;
import dev.acrwatch.source.SourceException;
import dev.acrwatch.source.simulator.DemoStory;
import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/** Prints one short line per committed poll, so a newcomer can follow the story as it plays. */
final class DemoConsole implements PollListener {

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final PrintStream out;
    private final DemoStory story;

    DemoConsole(PrintStream out, DemoStory story) {
        this.out = out;
        this.story = story;
    }

    @Override
    public void onPollCommitted(PollReport report) {
        long events = 0;
        long anonymous = 0;
        Map<FailureClass, Long> failures = new EnumMap<>(FailureClass.class);
        for (ClassifiedCount c : report.rows()) {
            events += c.row().count();
            if (Classification.REASON_ANONYMOUS.equals(c.classification().reason())) {
                anonymous += c.row().count(); // docker's credential-less first request: noise, shown apart
            } else if (c.classification().failureClass().isFailure()) {
                failures.merge(c.classification().failureClass(), c.row().count(), Long::sum);
            }
        }
        StringJoiner f = new StringJoiner(", ");
        failures.forEach((cls, n) -> f.add(cls.label() + " " + n));
        String text = (failures.isEmpty() ? "none" : f.toString())
                + (anonymous > 0 ? " (+" + anonymous + " anonymous challenges)" : "");
        String phase = story.phaseAt(report.newWatermark()).name().toLowerCase().replace('_', ' ');
        out.printf("%s  %-18s %-10s %5d events  failures: %s%n", HH_MM.format(report.newWatermark()),
                "[" + phase + "]", report.table().label(), events, text);
        out.flush();
    }

    @Override
    public void onPollFailed(String workspace, LogTable table, SourceException failure) {
        out.printf("poll of %s failed (%s): %s%n", table.label(), failure.reason().label(), failure.getMessage());
        out.flush();
    }
}
