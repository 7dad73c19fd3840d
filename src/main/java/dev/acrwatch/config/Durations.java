package dev.acrwatch.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prometheus-style durations: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 6h}, {@code 2d}, {@code 1w}, {@code 1h30m}. */
public final class Durations {

    private static final Pattern FORMAT = Pattern.compile(
            "(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final long[] UNIT_MILLIS = {
        7 * 86_400_000L, 86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L
    };
    private static final String[] UNIT_NAMES = {"w", "d", "h", "m", "s", "ms"};

    private Durations() {}

    /** The duration, or empty when {@code text} is not a (non-negative, not absurdly large) duration. */
    public static Optional<Duration> parse(String text) {
        Matcher m = FORMAT.matcher(text);
        if (text.isEmpty() || !m.matches()) {
            return Optional.empty();
        }
        try {
            long millis = 0;
            for (int g = 1; g <= UNIT_MILLIS.length; g++) {
                if (m.group(g) != null) {
                    millis = Math.addExact(millis, Math.multiplyExact(Long.parseLong(m.group(g)), UNIT_MILLIS[g - 1]));
                }
            }
            return Optional.of(Duration.ofMillis(millis));
        } catch (ArithmeticException | NumberFormatException tooLarge) {
            return Optional.empty();
        }
    }

    /** Shortest form that {@link #parse} reads back, e.g. {@code 1h30m}; {@code 0s} for zero. */
    public static String format(Duration d) {
        long millis = d.toMillis();
        if (millis == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        for (int u = 0; u < UNIT_MILLIS.length; u++) {
            long n = millis / UNIT_MILLIS[u];
            if (n > 0) {
                out.append(n).append(UNIT_NAMES[u]);
                millis -= n * UNIT_MILLIS[u];
            }
        }
        return out.toString();
    }
}
