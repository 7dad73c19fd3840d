package dev.acrwatch.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** Scrapes a loopback server the way Prometheus does. */
final class Scraper {

    private final HttpClient client;
    private final String base;

    Scraper(HttpClient client, String base) {
        this.client = client;
        this.base = base;
    }

    static Scraper plain(MetricsServer server) {
        return new Scraper(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
                "http://127.0.0.1:" + server.port());
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The scrape's sample lines (comments dropped). */
    List<String> samples() throws IOException, InterruptedException {
        HttpResponse<String> r = get("/metrics");
        if (r.statusCode() != 200) {
            throw new AssertionError("scrape answered " + r.statusCode() + ": " + r.body());
        }
        return Arrays.stream(r.body().split("\n")).filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
    }
}
