package dev.acrwatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** Prints figures in one line format that bench/run collects into its table. */
final class Figures {

    private Figures() {}

    /**
     * @param row    the table row (throughput, latency, query-cost, memory, scrape, start, backtest)
     * @param target human-readable target, or "" for a figure reported beside one
     * @param met    null when the figure has no target of its own
     */
    static void print(String row, String name, double value, String unit, String target, Boolean met) {
        String verdict = met == null ? "info" : met ? "met" : "MISSED";
        System.out.printf(Locale.ROOT, "FIGURE|%s|%s|%s|%s|%s|%s%n", row, name, format(value), unit, target, verdict);
        System.out.flush();
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%d", (long) v);
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : Math.abs(v) >= 1 ? String.format(Locale.ROOT, "%.2f", v)
                : String.format(Locale.ROOT, "%.4f", v);
    }

    static double percentile(double[] values, double p) {
        double[] s = values.clone();
        Arrays.sort(s);
        int idx = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, idx))];
    }

    static double median(double[] values) {
        return percentile(values, 50);
    }

    /** Resident set size of a process in MiB, from /proc (Linux only). */
    static double rssMiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        throw new IOException("no VmRSS in the status of process " + pid);
    }

    static boolean quick(String[] args) {
        return Arrays.asList(args).contains("--quick");
    }

    static void note(String text) {
        System.out.println("  " + text);
        System.out.flush();
    }
}
