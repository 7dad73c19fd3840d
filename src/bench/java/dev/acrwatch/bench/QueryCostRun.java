package dev.acrwatch.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.acrwatch.config.AuthConfig;
import dev.acrwatch.config.PollConfig;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.source.EventSource;
import dev.acrwatch.source.IngestionInterval;
import dev.acrwatch.source.loganalytics.LogAnalyticsSources;
import dev.acrwatch.source.simulator.SimEvent;
import dev.acrwatch.source.simulator.SimulatedWorkspace;
import dev.acrwatch.source.simulator.SimulatorServer;
import dev.acrwatch.source.simulator.Traffic;
import dev.acrwatch.testing.MutableClock;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Row "query cost": one simulated hour of 1,000,000 successful pulls and a storm of 100,000 failed
 * logins (401) from 3 identities over 50 IPs. The rows and bytes acr-watch's poll queries get back
 * over the hour (default poll settings, sent through the real SDK to the simulated workspace) against
 * the naive query that lists failures on the same data.
 */
public final class QueryCostRun {

    static final String WS_ID = "00000000-0000-4000-8000-0000000c0577";
    static final Instant H0 = Instant.parse("2026-11-23T10:00:00Z");
    static final String REGISTRY = "contosoprod.azurecr.io";

    public static void main(String[] args) throws Exception {
        double scale = Figures.quick(args) ? 0.1 : 1.0;
        int pullsPerHour = (int) (1_000_000 * scale);
        int failuresPerHour = (int) (100_000 * scale);
        MutableClock clock = new MutableClock(H0);
        Storm storm = new Storm(pullsPerHour, failuresPerHour);
        SimulatedWorkspace ws = new SimulatedWorkspace(storm, clock, 11, H0);
        PollConfig poll = PollConfig.defaults();
        try (SimulatorServer simulator = new SimulatorServer(ws, WS_ID).start()) {
            WorkspaceConfig config = new WorkspaceConfig("bench", WS_ID, Optional.of(simulator.endpoint()),
                    new AuthConfig.None(), List.of(REGISTRY));
            EventSource source = LogAnalyticsSources.create(config, poll, (w, t, e, r, f) -> { });
            // The daemon's watermark walk: every interval, both tables, (watermark, now − settle].
            Instant lo = H0;
            int polls = 0;
            long events = 0;
            Instant lastIngestion = H0.plus(Duration.ofHours(1)).plus(Duration.ofMinutes(3));
            for (Instant now = H0.plus(poll.interval()); !lo.isAfter(lastIngestion); now = now.plus(poll.interval())) {
                clock.set(now);
                Instant hi = now.minus(poll.settle());
                if (!hi.isAfter(lo)) {
                    continue;
                }
                for (LogTable table : LogTable.values()) {
                    events += source.fetch(table, new IngestionInterval(lo, hi)).eventTotal();
                }
                lo = hi;
                polls++;
            }
            long expected = (long) storm.pulls + storm.failures;
            if (events != expected) {
                throw new IllegalStateException("acr-watch counted " + events + " events, the hour had " + expected);
            }
            long failures = storm.failures;
            long naiveBytes = naiveResponseBytes(ws, H0.plus(Duration.ofHours(2)));
            Figures.note(String.format("%d polls x 2 tables; %,d events (%,d pulls, %,d failed logins)", polls, events,
                    storm.pulls, failures));
            long rows = simulator.rowsAnswered();
            long bytes = simulator.bytesAnswered();
            double ratio = 100.0 * rows / failures;
            Figures.print("query-cost", "acrwatch_rows_per_hour", rows, "rows", "", null);
            Figures.print("query-cost", "naive_rows_per_hour", failures, "rows", "", null);
            Figures.print("query-cost", "rows_vs_naive", ratio, "%", "<= 5 %" + (scale < 1 ? " (at full size)" : ""),
                    scale < 1 ? null : ratio <= 5.0);
            Instant upTo = H0.plus(Duration.ofHours(2));
            Figures.print("query-cost", "distinct_summary_keys_per_hour", distinctKeys(ws, upTo, false),
                    "rows", "rows if each minute's events came in one poll", null);
            Figures.print("query-cost", "distinct_ip_keys_per_hour", distinctKeys(ws, upTo, true),
                    "rows", "the same with one row per IP (the query before packing)", null);
            Figures.print("query-cost", "acrwatch_bytes_per_hour", bytes, "bytes", "", null);
            Figures.print("query-cost", "naive_bytes_per_hour", naiveBytes, "bytes", "", null);
            Figures.print("query-cost", "bytes_vs_naive", 100.0 * bytes / naiveBytes, "%", "reported", null);
        }
    }

    /**
     * Rows the summarize would give over the whole hour at once: each minute bin in one response. The
     * query packs a minute's caller IPs into one row per identity; {@code perIp} counts one row per IP.
     */
    static long distinctKeys(SimulatedWorkspace ws, Instant upTo, boolean perIp) {
        java.util.Set<List<Object>> keys = new java.util.HashSet<>();
        for (SimEvent e : ws.eventsUpTo(upTo)) {
            boolean detail = e.isFailure();
            keys.add(List.of(e.table(), e.timeGenerated().truncatedTo(java.time.temporal.ChronoUnit.MINUTES),
                    e.operation(), e.status(), detail ? e.identity() : "", detail && perIp ? e.callerIp() : ""));
        }
        return keys.size();
    }

    /** The naive query's answer, serialized as the REST API returns it (TimeGenerated with 7 fraction digits). */
    static long naiveResponseBytes(SimulatedWorkspace ws, Instant upTo) throws IOException {
        DateTimeFormatter tg = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);
        Counting out = new Counting();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("tables");
            g.writeStartObject();
            g.writeStringField("name", "PrimaryResult");
            g.writeArrayFieldStart("columns");
            String[][] cols = {{"TimeGenerated", "datetime"}, {"Identity", "string"}, {"CallerIpAddress", "string"},
                    {"ResultDescription", "string"}, {"OperationName", "string"}};
            for (String[] c : cols) {
                g.writeStartObject();
                g.writeStringField("name", c[0]);
                g.writeStringField("type", c[1]);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("rows");
            for (SimEvent e : ws.eventsUpTo(upTo)) {
                if (e.status().equals("200")) {
                    continue;
                }
                g.writeStartArray();
                g.writeString(tg.format(e.timeGenerated()));
                g.writeString(e.identity());
                g.writeString(e.callerIp());
                g.writeString(e.status());
                g.writeString(e.operation());
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.n;
    }

    /**
     * The hour: pulls spread evenly by 200 AKS nodes, and 3 CI identities whose secrets expired,
     * retrying from 50 runner IPs (each IP one identity's runner).
     */
    static final class Storm implements Traffic {
        private final double pullsPerSecond;
        private final double failuresPerSecond;
        int pulls;
        int failures;
        private double pullCarry;
        private double failCarry;

        Storm(int pullsPerHour, int failuresPerHour) {
            this.pullsPerSecond = pullsPerHour / 3600.0;
            this.failuresPerSecond = failuresPerHour / 3600.0;
        }

        @Override
        public void generateSecond(Instant second, Random rnd, Consumer<SimEvent> out) {
            if (second.isBefore(H0) || !second.isBefore(H0.plus(Duration.ofHours(1)))) {
                return;
            }
            pullCarry += pullsPerSecond;
            for (; pullCarry >= 1; pullCarry--) {
                int node = rnd.nextInt(200);
                out.accept(new SimEvent(LogTable.REPOSITORY, second, second, REGISTRY, "Pull", "200",
                        "aks-prod-node" + node, "10.240.0." + node, "shop/checkout"));
                pulls++;
            }
            failCarry += failuresPerSecond;
            for (; failCarry >= 1; failCarry--) {
                int ip = rnd.nextInt(50);
                out.accept(new SimEvent(LogTable.LOGIN, second, second, REGISTRY, "Login", "401",
                        "sp-ci-" + (ip % 3), "20.42.5." + (10 + ip), ""));
                failures++;
            }
        }
    }

    private static final class Counting extends OutputStream {
        long n;

        @Override
        public void write(int b) {
            n++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            n += len;
        }
    }
}
