package dev.acrwatch.bench;

import dev.acrwatch.config.MetricsConfig;
import dev.acrwatch.event.Classifier;
import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.metrics.AcrMetrics;
import dev.acrwatch.metrics.MetricsServer;
import dev.acrwatch.poll.ClassifiedCount;
import dev.acrwatch.poll.PollReport;
import dev.acrwatch.source.IngestionInterval;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Row "scrape": p99 of GET /metrics over loopback with at least 5,000 series, the daemon's own meters. */
public final class ScrapeRun {

    public static void main(String[] args) throws Exception {
        boolean quick = Figures.quick(args);
        int scrapes = quick ? 200 : 2_000;
        Clock clock = Clock.systemUTC();
        AcrMetrics metrics = AcrMetrics.create(MetricsConfig.defaults(), clock, "bench");
        // Registries are added until the exposition has 5,000 series; each committed poll also fills
        // the top-N identity / IP gauges, as a busy daemon's would be.
        Classifier classifier = new Classifier();
        int registries = 0;
        int series = 0;
        Instant now = clock.instant();
        while (series < 5_000) {
            String ws = "ws" + (registries / 10);
            String registry = "bench" + registries + ".azurecr.io";
            metrics.registerWorkspace(ws, List.of(registry));
            List<ClassifiedCount> rows = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                EventCount e = new EventCount(LogTable.LOGIN, now.minusSeconds(60), registry, "Login",
                        i % 3 == 0 ? "403" : "401", "identity-" + i, "10.0." + registries % 250 + "." + i, "", 3,
                        now, 30, 40);
                rows.add(new ClassifiedCount(e, classifier.classify(e)));
            }
            metrics.onPollCommitted(new PollReport(ws, LogTable.LOGIN,
                    new IngestionInterval(now.minusSeconds(120), now.minusSeconds(60)), rows, now.minusSeconds(60),
                    Duration.ZERO));
            registries++;
            series = countSeries(metrics.scrape("text/plain; version=0.0.4; charset=utf-8"));
        }
        MetricsConfig config = new MetricsConfig("127.0.0.1", 0, "/metrics", Optional.empty(), Optional.empty(), 10,
                Duration.ofHours(1));
        MetricsServer server = MetricsServer.start(config, metrics, List::of);
        try {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                    .header("Accept", "text/plain").build();
            int warmup = quick ? 50 : 300;
            double[] ms = new double[scrapes];
            long bytes = 0;
            for (int i = -warmup; i < scrapes; i++) {
                long t0 = System.nanoTime();
                HttpResponse<byte[]> r = http.send(get, HttpResponse.BodyHandlers.ofByteArray());
                long t1 = System.nanoTime();
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("scrape answered " + r.statusCode());
                }
                if (i >= 0) {
                    ms[i] = (t1 - t0) / 1e6;
                    bytes = r.body().length;
                }
            }
            Figures.note(String.format("%d registries, %d series, %,d bytes per scrape, %d scrapes", registries, series,
                    bytes, scrapes));
            Figures.print("scrape", "series", series, "series", ">= 5000", null);
            Figures.print("scrape", "p50", Figures.percentile(ms, 50), "ms", "", null);
            double p99 = Figures.percentile(ms, 99);
            Figures.print("scrape", "p99", p99, "ms", "<= 50 ms", p99 <= 50);
            Figures.print("scrape", "max", Figures.percentile(ms, 100), "ms", "", null);
            // Where the time goes: rendering alone, in process, without HTTP.
            double[] render = new double[scrapes];
            for (int i = 0; i < scrapes; i++) {
                long t0 = System.nanoTime();
                metrics.scrape("text/plain; version=0.0.4; charset=utf-8");
                render[i] = (System.nanoTime() - t0) / 1e6;
            }
            Figures.print("scrape", "of_which_render_p50", Figures.percentile(render, 50), "ms", "", null);
            Figures.print("scrape", "of_which_render_p99", Figures.percentile(render, 99), "ms", "", null);
        } finally {
            server.stop();
        }
    }

    static int countSeries(String exposition) {
        int n = 0;
        for (String line : exposition.split("\n")) {
            if (!line.isEmpty() && line.charAt(0) != '#') {
                n++;
            }
        }
        return n;
    }
}
