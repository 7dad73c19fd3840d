package dev.acrwatch.rule;

import java.time.Duration;

/** Formats durations the way config writes them (5m, 1h30m, 45s), for messages and labels. */
public final class Durations {

    private Durations() {}

    public static String format(Duration d) {
        if (d == null) {
            return "null";
        }
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder(d.isNegative() ? "-" : "");
        Duration a = d.abs();
        long h = a.toHours();
        int m = a.toMinutesPart();
        int s = a.toSecondsPart();
        int ms = a.toMillisPart();
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (m > 0) {
            sb.append(m).append('m');
        }
        if (s > 0) {
            sb.append(s).append('s');
        }
        if (ms > 0) {
            sb.append(ms).append("ms");
        }
        return sb.toString();
    }
}
