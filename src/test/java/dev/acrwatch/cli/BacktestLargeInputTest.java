package dev.acrwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two million raw rows stream through a 256 MB heap: the reader and the replay keep no per-row state. */
class BacktestLargeInputTest {

    private static final int MINUTES = 2000;
    private static final int ROWS_PER_MINUTE = 1000;
    private static final int BURST_MINUTE = 1000;
    private static final Instant T0 = Instant.parse("2026-11-23T00:00:00Z");

    @TempDir
    Path tmp;

    @Test
    void twoMillionCsvRowsReplayUnderABoundedHeapWithTheExpectedTimeline() throws Exception {
        Path events = tmp.resolve("events.csv");
        try (BufferedWriter w = Files.newBufferedWriter(events, StandardCharsets.UTF_8)) {
            w.write("TimeGenerated,LoginServer,OperationName,ResultDescription,Identity\n");
            for (int m = 0; m < MINUTES; m++) {
                String minute = T0.plusSeconds(60L * m).toString().replace("Z", "");
                for (int i = 0; i < ROWS_PER_MINUTE; i++) {
                    boolean failure = m == BURST_MINUTE && i < 20;
                    w.write(minute.substring(0, 17) + String.format("%02d", i % 60) + "Z,contoso.azurecr.io,"
                            + (i % 2 == 0 ? "Pull" : "Login") + (failure ? ",401,sp-ci\n" : ",200,aks-pool\n"));
                }
            }
        }
        Path config = tmp.resolve("c.yaml");
        Files.writeString(config, BacktestCommandTest.CONFIG);
        Path stdout = tmp.resolve("stdout.txt");
        Path stderr = tmp.resolve("stderr.txt");

        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "dev.acrwatch.Main", "backtest",
                "--config", config.toString(), "--events", events.toString())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("finished").isTrue();
        } finally {
            p.destroyForcibly();
        }

        assertThat(p.exitValue()).as(Files.readString(stderr)).isZero();
        List<String> lines = Files.readAllLines(stdout);
        String labels = "{class=unauthorized,registry=contoso.azurecr.io,severity=critical,workspace=prod}";
        assertThat(lines.subList(0, 3)).containsExactly(
                "timeline (2 notifications)",
                T0.plusSeconds(60L * (BURST_MINUTE + 1)) + "  FIRING    auth_failures  " + labels
                        + "  value 20 vs threshold 11  -> slack",
                T0.plusSeconds(60L * (BURST_MINUTE + 6)) + "  RESOLVED  auth_failures  " + labels
                        + "  value 0 vs threshold 11  -> slack");
        assertThat(lines).contains("summary: 2000000 rows, 2000000 events, 0 rows skipped",
                String.format("%-40s %-14s %12d %13d", "contoso.azurecr.io", "ok", 1_999_980, 0),
                String.format("%-40s %-14s %12d %13d", "contoso.azurecr.io", "unauthorized", 20, 1));
        assertThat(Files.readString(stderr)).as("progress on stderr")
                .contains("events.csv: 1000000 rows read").contains("events.csv: 2000000 rows read");
    }
}
