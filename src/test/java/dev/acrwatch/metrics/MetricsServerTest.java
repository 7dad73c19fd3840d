package dev.acrwatch.metrics;

import dev.acrwatch.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acrwatch.config.ConfigException;
import dev.acrwatch.config.MetricsConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsServerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final List<String> notReady = new CopyOnWriteArrayList<>();
    private final List<String> formatsAsked = new CopyOnWriteArrayList<>();
    private MetricsServer server;

    private MetricsServer start(String path) throws Exception {
        MetricsConfig config = new MetricsConfig("127.0.0.1", 0, path, Optional.empty(), Optional.empty(),
                10, Duration.ofHours(1));
        server = MetricsServer.start(config, format -> {
            formatsAsked.add(format);
            return "# HELP up_total x\n# TYPE up_total counter\nup_total 1.0\n";
        }, () -> List.copyOf(notReady), clock);
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void servesTheScrapeInTheTextFormatOnAnEphemeralPort() throws Exception {
        Scraper s = Scraper.plain(start("/metrics"));
        assertThat(server.port()).isPositive();

        HttpResponse<String> r = s.get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(r.body()).contains("up_total 1.0");
        assertThat(formatsAsked).containsExactly(MetricsServer.TEXT_FORMAT);
    }

    @Test
    void servesOpenMetricsWhenTheScraperAsksForIt() throws Exception {
        Scraper s = Scraper.plain(start("/metrics"));
        HttpResponse<String> r = s.get("/metrics",
                "Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(formatsAsked).containsExactly(MetricsServer.OPENMETRICS_FORMAT);
    }

    @Test
    void aProtobufRequestGetsTheTextFormatNotMislabelledText() throws Exception {
        Scraper s = Scraper.plain(start("/metrics"));
        HttpResponse<String> r = s.get("/metrics",
                "Accept", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited");
        assertThat(r.headers().firstValue("Content-Type")).hasValue(MetricsServer.TEXT_FORMAT);
    }

    @Test
    void aConfiguredPathIsServedExactlyAndOtherPathsAre404() throws Exception {
        Scraper s = Scraper.plain(start("/custom/metrics"));
        assertThat(s.get("/custom/metrics").statusCode()).isEqualTo(200);
        assertThat(s.get("/custom/metricsX").statusCode()).isEqualTo(404);
        assertThat(s.get("/metrics").statusCode()).isEqualTo(404);
        assertThat(s.get("/healthz/x").statusCode()).isEqualTo(404);
        assertThat(formatsAsked).hasSize(1);
    }

    @Test
    void aScrapePathThatIsRelativeOrTakesAHealthPathIsAConfigError() {
        assertThatThrownBy(() -> start("metrics"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("path: expected a path starting with / other than /healthz and /readyz,"
                        + " found \"metrics\"");
        assertThatThrownBy(() -> start("/healthz")).isInstanceOf(ConfigException.class);
    }

    @Test
    void aPortAlreadyTakenIsAnErrorNamingTheAddress() throws Exception {
        start("/metrics");
        MetricsConfig clash = new MetricsConfig("127.0.0.1", server.port(), "/metrics", Optional.empty(),
                Optional.empty(), 10, Duration.ofHours(1));
        assertThatThrownBy(() -> MetricsServer.start(clash, format -> "", List::of, clock))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("metrics: cannot listen on 127.0.0.1:" + server.port() + ": ");
    }

    @Test
    void healthzSaysOkWhileAlive() throws Exception {
        HttpResponse<String> r = Scraper.plain(start("/metrics")).get("/healthz");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("ok\n");
    }

    @Test
    void readyzIs503NamingWhatIsNotReadyThen200() throws Exception {
        Scraper s = Scraper.plain(start("/metrics"));
        notReady.add("workspace prod: no successful poll yet");
        notReady.add("workspace dev: no successful poll yet");

        HttpResponse<String> r = s.get("/readyz");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).isEqualTo(
                "not ready:\n- workspace prod: no successful poll yet\n- workspace dev: no successful poll yet\n");

        notReady.clear();
        assertThat(s.get("/readyz").statusCode()).isEqualTo(200);
    }

    @Test
    void headAnswersWithoutABodyAndPostIsRefused() throws Exception {
        start("/metrics");
        HttpClient client = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + server.port() + "/metrics");
        HttpResponse<String> head = client.send(HttpRequest.newBuilder(uri)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();

        HttpResponse<String> post = client.send(HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void laterFeaturesCanMountHandlersOnTheSameServer() throws Exception {
        Scraper s = Scraper.plain(start("/metrics"));
        server.addHandler("/api/silences", exchange -> {
            byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        HttpResponse<String> r = s.get("/api/silences");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("[]");
    }

    @Test
    void aFailingScrapeIsA500NotADroppedConnection() throws Exception {
        MetricsConfig config = new MetricsConfig("127.0.0.1", 0, "/metrics", Optional.empty(), Optional.empty(),
                10, Duration.ofHours(1));
        server = MetricsServer.start(config, format -> {
            throw new IllegalStateException("boom");
        }, List::of, clock);
        assertThat(Scraper.plain(server).get("/metrics").statusCode()).isEqualTo(500);
    }

    @Test
    void afterStopThePortNoLongerAnswers() throws Exception {
        Scraper s = Scraper.plain(start("/metrics"));
        assertThat(s.get("/healthz").statusCode()).isEqualTo(200);
        server.stop();
        server = null;
        assertThatThrownBy(() -> s.get("/healthz")).isInstanceOfAny(ConnectException.class, IOException.class);
    }
}
