package dev.acrwatch.cli;

import dev.acrwatch.poll.BacktestResult;
import dev.acrwatch.poll.BacktestSender;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The backtest's human-readable output: the timeline, then the summary table. */
final class BacktestText {

    private BacktestText() {}

    static void print(PrintWriter out, BacktestResult r, long skipped) {
        print(out, r, skipped, Optional.empty());
    }

    /** @param delivery per receiver, when {@code --send} was given */
    static void print(PrintWriter out, BacktestResult r, long skipped, Optional<List<BacktestSender.Delivery>> delivery) {
        out.println("timeline (" + r.timeline().size() + " notifications)");
        for (BacktestResult.Entry e : r.timeline()) {
            out.println(String.format(Locale.ROOT, "%s  %-8s  %s  {%s}  value %s vs threshold %s  -> %s",
                    e.at(), e.status().label().toUpperCase(Locale.ROOT), Terminal.safe(e.rule(), 80),
                    Terminal.safe(e.group(), 200), BacktestCommand.number(e.value()),
                    BacktestCommand.number(e.threshold()), String.join(", ", e.receivers())));
        }
        printOpen(out, r);
        out.println();
        out.println("summary: " + r.rows() + " rows, " + r.events() + " events, " + skipped + " rows skipped");
        out.println(String.format(Locale.ROOT, "%-40s %-14s %12s %13s", "REGISTRY", "CLASS", "EVENTS", "ALERTS FIRED"));
        for (BacktestResult.SummaryRow s : r.summary()) {
            out.println(String.format(Locale.ROOT, "%-40s %-14s %12d %13d", Terminal.safe(s.registry(), 40),
                    s.failureClass(), s.events(), s.alertsFired()));
        }
        delivery.ifPresent(d -> printDelivery(out, d));
    }

    private static void printDelivery(PrintWriter out, List<BacktestSender.Delivery> delivery) {
        out.println();
        out.println("sent (--send)");
        out.println(String.format(Locale.ROOT, "%-24s %9s %6s %7s  %s", "RECEIVER", "DELIVERED", "FAILED", "SKIPPED",
                "LAST ERROR"));
        for (BacktestSender.Delivery d : delivery) {
            out.println(String.format(Locale.ROOT, "%-24s %9d %6d %7d  %s", Terminal.safe(d.receiver(), 24),
                    d.delivered(), d.failed(), d.skipped(), Terminal.safe(d.lastError().orElse(""), 200)).stripTrailing());
        }
    }

    /** Alerts the data ended on: no RESOLVED is made up for them, so they are listed instead. */
    private static void printOpen(PrintWriter out, BacktestResult r) {
        if (r.stillOpen().isEmpty()) {
            return;
        }
        out.println();
        out.println("still open at end of data " + r.endOfData().map(Object::toString).orElse("") + " ("
                + r.stillOpen().size() + " alerts; never resolved, because the data ends)");
        for (BacktestResult.Open o : r.stillOpen()) {
            String measured = o.value().isPresent()
                    ? "  value " + BacktestCommand.number(o.value().get()) + " vs threshold "
                            + BacktestCommand.number(o.threshold().orElseThrow())
                    : "";
            String note = !o.firing() ? "  (not yet for its 'for' duration)"
                    : o.notified() ? "" : "  (no notification: silenced, inhibited or waiting for its group)";
            out.println(String.format(Locale.ROOT, "since %s  %-8s  %s  {%s}%s%s", o.since(),
                    o.firing() ? "FIRING" : "PENDING", Terminal.safe(o.rule(), 80), Terminal.safe(o.group(), 200),
                    measured, note));
        }
    }
}
