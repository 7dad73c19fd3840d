package dev.acrwatch.bench;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Row "backtest": {@code bin/acr-watch backtest} (launcher defaults, -Xmx192m, so heap ≤ 256 MB) over a
 * portal CSV export of raw ContainerRegistryLoginEvents rows. Rows/s over the whole process, and with
 * the start-up of a one-row run subtracted.
 */
public final class BacktestRun {

    private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");
    private static final DateTimeFormatter PORTAL =
            DateTimeFormatter.ofPattern("M/d/yyyy, h:mm:ss.SSS a", Locale.US).withZone(ZoneOffset.UTC);

    public static void main(String[] args) throws Exception {
        int rows = Figures.quick(args) ? 100_000 : 2_000_000;
        Path dir = Files.createTempDirectory("acrwatch-bench-backtest");
        try {
            Files.writeString(dir.resolve("c.yaml"), """
                    workspaces:
                      - {name: prod, id: 11111111-2222-3333-4444-555555555555}
                    alerting:
                      receivers:
                        - {name: slack, type: slack, url: "http://127.0.0.1:9/hook", group_wait: 0s, group_interval: 1m}
                      rules:
                        - name: auth_failures
                          type: threshold
                          filter: {tables: [login], classes: [unauthorized]}
                          window: 5m
                          threshold: 11
                          group_by: [registry]
                          severity: critical
                          receivers: [slack]
                    """);
            write(dir.resolve("one.csv"), 1);
            write(dir.resolve("events.csv"), rows);
            Figures.note(String.format("export: %,d rows, %,d bytes", rows, Files.size(dir.resolve("events.csv"))));
            double startup = run(dir, "one.csv")[0];
            double[] big = run(dir, "events.csv");
            double wall = big[0];
            Figures.note(String.format("one-row run %.2f s; %,d rows %.2f s; peak RSS %.0f MiB", startup, rows, wall, big[1]));
            double perSecond = rows / wall;
            // A smoke run's 100,000 rows are mostly JVM start: no verdict from it.
            Figures.print("backtest", "rows_per_second_whole_process", perSecond, "rows/s", ">= 300000",
                    Figures.quick(args) ? null : perSecond >= 300_000);
            Figures.print("backtest", "rows_per_second_excluding_startup", rows / Math.max(0.001, wall - startup),
                    "rows/s", "", null);
            Figures.print("backtest", "peak_rss", big[1], "MiB", "heap <= 256 MB (-Xmx192m)", null);
            // JVM start, picocli, logging and config: what a backtest of any size pays before its first row.
            Figures.print("backtest", "one_row_run", startup, "s", "", null);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    /** Wall seconds and peak RSS (MiB) of one backtest process. */
    private static double[] run(Path dir, String events) throws Exception {
        long t0 = System.nanoTime();
        Process p = Launcher.start(dir, List.of("backtest", "--config", "c.yaml", "--events", events));
        double peak = 0;
        while (p.isAlive()) {
            try {
                peak = Math.max(peak, Figures.rssMiB(p.pid()));
            } catch (Exception gone) {
                // exited between the check and the read
            }
            Thread.sleep(50); // RSS sampling interval
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        if (p.exitValue() != 0) {
            throw new IllegalStateException("backtest exited " + p.exitValue() + ":\n" + Launcher.log(dir));
        }
        return new double[] {wall, peak};
    }

    /** A portal CSV export: BOM, "[UTC]" headers, portal date format, a 401 burst every 20 minutes. */
    private static void write(Path file, int rows) throws Exception {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("\uFEFFTenantId,TimeGenerated [UTC],OperationName,Identity,LoginServer,ResultDescription,"
                    + "CallerIpAddress,DurationMs,Type\n");
            int perMinute = 1000;
            for (int i = 0; i < rows; i++) {
                int minute = i / perMinute;
                Instant t = T0.plusSeconds(60L * minute + (i % 60));
                boolean burst = minute % 20 == 10 && i % perMinute < 30;
                w.write("72f988bf-86f1-41af-91ab-2d7cd011db47,\"");
                w.write(PORTAL.format(t));
                w.write("\",Login,");
                w.write(burst ? "sp-ci-" + (i % 3) : "aks-pool");
                w.write(",contoso.azurecr.io,");
                w.write(burst ? "401" : "200");
                w.write(",10.240.0.");
                w.write(Integer.toString(i % 250));
                w.write(",12,ContainerRegistryLoginEvents\n");
            }
        }
    }
}
