package dev.acrwatch.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.sun.net.httpserver.HttpServer;
import dev.acrwatch.config.AuthConfig;
import dev.acrwatch.config.MetricsConfig;
import dev.acrwatch.config.PollConfig;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.event.Classifier;
import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.metrics.AcrMetrics;
import dev.acrwatch.poll.ClassifiedCount;
import dev.acrwatch.poll.PollReport;
import dev.acrwatch.rule.BinRow;
import dev.acrwatch.rule.BinStore;
import dev.acrwatch.rule.InMemoryBinStore;
import dev.acrwatch.source.EventBatch;
import dev.acrwatch.source.EventSource;
import dev.acrwatch.source.IngestionInterval;
import dev.acrwatch.source.loganalytics.LogAnalyticsSources;
import dev.acrwatch.store.StateStore;
import dev.acrwatch.store.jdbc.JdbcDatabase;
import dev.acrwatch.store.jdbc.JdbcStateStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Row "processing throughput": one Log Analytics response of 500,000 summarized rows, from HTTP body
 * bytes on loopback through the production source, classification, counters and window bins; beside
 * it a bare Jackson streaming parse of the same bytes.
 */
public final class ThroughputRun {

    static final String WS_ID = "00000000-0000-4000-8000-0000000be7c0";
    static final Instant HOUR = Instant.parse("2026-11-23T10:00:00Z");
    /** Run with the launcher's JVM options ({@code -Dbench.heap=launcher}): figures named as such, no verdict. */
    static final boolean LAUNCHER_HEAP = "launcher".equals(System.getProperty("bench.heap"));

    public static void main(String[] args) throws Exception {
        boolean quick = Figures.quick(args);
        int full = quick ? 50_000 : 500_000;
        List<String> registries = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            registries.add("bench" + i + ".azurecr.io");
        }
        Figures.note("heap max " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        Body body = body(full, registries, new Random(8));
        Figures.note(String.format("response: %,d rows, %,d bytes, %,d events (served from a file, so this JVM holds no copy)",
                full, body.length(), body.events()));
        int runs = quick ? 2 : 5;
        double[] bare = new double[runs];
        double[] whole = new double[runs];
        for (int i = -2; i < runs; i++) { // two warm-up rounds
            System.gc();
            long b0 = System.nanoTime();
            bareParse(body.file());
            long b1 = System.nanoTime();
            double w = pipeline(body, registries, full, i == runs - 1);
            if (i == runs - 1) {
                // After the pipeline's own bins and counters are gone, as in the daemon, whose bins live in the store.
                storeCommit(body, registries, full);
            }
            if (i >= 0) {
                bare[i] = (b1 - b0) / 1e9;
                whole[i] = w;
            }
        }
        double b = Figures.median(bare);
        double w = Figures.median(whole);
        if (LAUNCHER_HEAP) {
            // Beside the row: the same work in the daemon's heap, to show it fits and what it costs there.
            Figures.print("throughput", "pipeline_" + full + "_rows_at_launcher_heap", w, "s", "reported", null);
            return;
        }
        Figures.print("throughput", "bare_jackson_parse_" + full + "_rows", b, "s", "", null);
        Figures.print("throughput", "pipeline_" + full + "_rows", w, "s", "<= 3 s", quick ? null : w <= 3.0);
        Figures.print("throughput", "ratio_pipeline_to_bare_parse", w / b, "x", "reported", null);
    }

    /**
     * One response of {@code rows} rows from loopback HTTP through the production source (query client,
     * streaming reader, row mapping, split and retry decorators), classifier, counters and bins.
     *
     * @return seconds from the request to the rows being in the bins
     */
    static double pipeline(Body body, List<String> registries, int rows, boolean describe) throws Exception {
        HttpServer server = server(body);
        try {
            WorkspaceConfig ws = workspace(server, registries);
            PollConfig poll = poll(rows);
            IngestionInterval interval = new IngestionInterval(HOUR, HOUR.plus(Duration.ofHours(1)));
            AcrMetrics metrics = AcrMetrics.create(MetricsConfig.defaults(), Clock.systemUTC(), "bench");
            metrics.registerWorkspace("bench", registries);
            BinStore bins = new InMemoryBinStore();
            EventSource source = LogAnalyticsSources.create(ws, poll, metrics);
            System.gc();
            long t0 = System.nanoTime();
            EventBatch batch = source.fetch(LogTable.LOGIN, interval);
            long t1 = System.nanoTime();
            commit(batch.rows(), interval, metrics, bins);
            long t2 = System.nanoTime();
            if (batch.eventTotal() != body.events()) {
                throw new IllegalStateException("expected " + body.events() + " events, got " + batch.eventTotal());
            }
            double seconds = (t2 - t0) / 1e9;
            if (describe) {
                Figures.note(String.format("pipeline, %,d result rows: %.2f s (HTTP + streaming read + mapping %.2f s, "
                        + "classify + counters + bins %.2f s)", batch.rows().size(), seconds, (t1 - t0) / 1e9,
                        (t2 - t1) / 1e9));
            }
            return seconds;
        } finally {
            server.stop(0);
        }
    }

    /** A loopback server answering every query with the body, streamed from its file. */
    static HttpServer server(Body body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/workspaces/", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
                ex.sendResponseHeaders(200, body.length());
                Files.copy(body.file(), ex.getResponseBody());
            }
        });
        server.start();
        return server;
    }

    static WorkspaceConfig workspace(HttpServer server, List<String> registries) {
        return new WorkspaceConfig("bench", WS_ID, Optional.of("http://127.0.0.1:" + server.getAddress().getPort() + "/v1"),
                new AuthConfig.None(), registries);
    }

    /** Default poll settings with split_rows above the response, so the one response is not split (the API caps at 500,000). */
    static PollConfig poll(int rows) {
        PollConfig d = PollConfig.defaults();
        return new PollConfig(d.interval(), d.cron(), d.settle(), d.maxCatchUp(), d.initialLookback(),
                d.lateTolerance(), d.serverTimeout(), 1, d.retryBaseDelay(), rows + 1);
    }

    /** The batch alone, as a poll fetches it, from a fresh loopback server. */
    static EventBatch fetch(Body body, List<String> registries, int rows) throws Exception {
        HttpServer server = server(body);
        try {
            return LogAnalyticsSources.create(workspace(server, registries), poll(rows), (w, t, e, r, f) -> { })
                    .fetch(LogTable.LOGIN, new IngestionInterval(HOUR, HOUR.plus(Duration.ofHours(1))));
        } finally {
            server.stop(0);
        }
    }

    /**
     * Beside the row (not part of it): the daemon also writes a poll's bins to its state store, in the
     * poll's transaction, with caller detail folded to the 5,000 largest bins a minute. Timed here into a
     * fresh H2 file database, the default store.
     */
    static void storeCommit(Body body, List<String> registries, int resultRows) throws Exception {
        EventBatch batch = fetch(body, registries, resultRows);
        Classifier classifier = new Classifier();
        List<ClassifiedCount> classified = new ArrayList<>(batch.rows().size());
        for (EventCount r : batch.rows()) {
            classified.add(new ClassifiedCount(r, classifier.classify(r)));
        }
        Path dir = Files.createTempDirectory("acrwatch-bench-store");
        try (JdbcDatabase db = JdbcDatabase.h2(dir)) {
            StateStore store = JdbcStateStore.open(db);
            long t0 = System.nanoTime();
            List<BinRow> rows = BinStore.foldDetailPast(BinStore.toRows("bench", classified),
                    InMemoryBinStore.DEFAULT_MAX_BINS_PER_MINUTE);
            store.inTransaction(tx -> tx.addBins(rows));
            double s = (System.nanoTime() - t0) / 1e9;
            Figures.print("throughput", "h2_store_commit_of_the_polls_bins" + (LAUNCHER_HEAP ? "_at_launcher_heap" : ""), s,
                    "s", "reported (not in the row)", null);
            Figures.note(String.format("state store: %,d bin rows written after folding caller detail", rows.size()));
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** What a committed poll does with its rows: classify, count, bin. */
    static void commit(List<EventCount> rows, IngestionInterval interval, AcrMetrics metrics, BinStore bins) {
        Classifier classifier = new Classifier();
        List<ClassifiedCount> classified = new ArrayList<>(rows.size());
        for (EventCount r : rows) {
            classified.add(new ClassifiedCount(r, classifier.classify(r)));
        }
        PollReport report = new PollReport("bench", LogTable.LOGIN, interval, classified, interval.toInclusive(),
                Duration.ZERO);
        metrics.onPollCommitted(report);
        bins.addPoll("bench", report.rows());
    }

    /** A bare streaming parse that touches every value, as the lower bound for reading these bytes. */
    static long bareParse(Path body) throws IOException {
        long n = 0;
        long sink = 0;
        try (JsonParser p = new JsonFactory().createParser(body.toFile())) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                n++;
                if (t == JsonToken.VALUE_STRING) {
                    sink += p.getText().length();
                } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    sink += (long) p.getDoubleValue();
                }
            }
        }
        return n + (sink == Long.MIN_VALUE ? 1 : 0);
    }

    /**
     * The simulator's response shape for the login table: per minute and registry, successes without
     * caller detail, and failures (401/403/429) by identity with the caller IP packed, as the daemon's
     * KQL summarizes. Identities are random (a flood of distinct ones): the worst case for the top-N counters.
     */
    /** A response body in a temporary file, and the number of events its rows count (the sum of Count). */
    record Body(Path file, long events) {
        long length() throws IOException {
            return Files.size(file);
        }
    }

    static Body body(int rows, List<String> registries, Random rnd) throws IOException {
        long events = 0;
        Path file = Files.createTempFile("acrwatch-bench-response", ".json");
        file.toFile().deleteOnExit();
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("tables");
            g.writeStartObject();
            g.writeStringField("name", "PrimaryResult");
            g.writeArrayFieldStart("columns");
            String[][] cols = {{"Minute", "datetime"}, {"LoginServer", "string"}, {"OperationName", "string"},
                    {"ResultDescription", "string"}, {"Identity", "string"}, {"Count", "long"},
                    {"MaxIngestion", "datetime"}, {"DelaySumSec", "real"}, {"DelayMaxSec", "real"},
                    {"Callers", "dynamic"}};
            for (String[] c : cols) {
                g.writeStartObject();
                g.writeStringField("name", c[0]);
                g.writeStringField("type", c[1]);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("rows");
            String[] statuses = {"200", "401", "401", "403", "429", "401"};
            for (int i = 0; i < rows; i++) {
                Instant minute = HOUR.plusSeconds(60L * (i % 60));
                String status = i % 10 == 0 ? "200" : statuses[rnd.nextInt(statuses.length)];
                boolean failure = !status.equals("200");
                long count = 1 + rnd.nextInt(failure ? 5 : 500);
                events += count;
                g.writeStartArray();
                g.writeString(minute.toString());
                g.writeString(registries.get(i % registries.size()));
                g.writeString("Login");
                g.writeString(status);
                g.writeString(failure ? "sp-" + Integer.toHexString(rnd.nextInt(1 << 20)) + "-ci" : "");
                String ip = failure ? "10." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) : "";
                g.writeNumber(count);
                g.writeString(minute.plusSeconds(95).toString());
                g.writeNumber(count * 41.25);
                g.writeNumber(88.5);
                // The service sends a dynamic value as a JSON string: one [ip, count] pair per caller IP.
                g.writeString("[[\"" + ip + "\"," + count + "]]");
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        }
        return new Body(file, events);
    }
}
