package dev.acrwatch.cli;

import dev.acrwatch.poll.BacktestResult;
import java.io.PrintWriter;
import java.util.Locale;

/** The backtest's human-readable output: the timeline, then the summary table. */
final class BacktestText {

    private BacktestText() {}

    static void print(PrintWriter out, BacktestResult r, long skipped) {
        out.println("timeline (" + r.timeline().size() + " notifications)");
        for (BacktestResult.Entry e : r.timeline()) {
            out.println(String.format(Locale.ROOT, "%s  %-8s  %s  {%s}  value %s vs threshold %s  -> %s",
                    e.at(), e.status().label().toUpperCase(Locale.ROOT), Terminal.safe(e.rule(), 80),
                    Terminal.safe(e.group(), 200), BacktestCommand.number(e.value()),
                    BacktestCommand.number(e.threshold()), String.join(", ", e.receivers())));
        }
        out.println();
        out.println("summary: " + r.rows() + " rows, " + r.events() + " events, " + skipped + " rows skipped");
        out.println(String.format(Locale.ROOT, "%-40s %-14s %12s %13s", "REGISTRY", "CLASS", "EVENTS", "ALERTS FIRED"));
        for (BacktestResult.SummaryRow s : r.summary()) {
            out.println(String.format(Locale.ROOT, "%-40s %-14s %12d %13d", Terminal.safe(s.registry(), 40),
                    s.failureClass(), s.events(), s.alertsFired()));
        }
    }
}
