package dev.acrwatch.notify.alertmanager;

import dev.acrwatch.testing.ExternalTool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrwatch.alert.AlertSnapshot;
import dev.acrwatch.alert.AlertStatus;
import dev.acrwatch.alert.Contributor;
import dev.acrwatch.alert.Notification;
import dev.acrwatch.notify.AlertmanagerReceiver;
import dev.acrwatch.notify.DeliveryResult;
import dev.acrwatch.notify.GrafanaLink;
import dev.acrwatch.notify.NotifierDeps;
import dev.acrwatch.notify.Timeouts;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Talks to a real Alertmanager (Debian package prometheus-alertmanager) started on loopback. */
class AlertmanagerNotifierTest {

    private static final String BINARY = "prometheus-alertmanager";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Process alertmanager;
    static URI base;

    @BeforeAll
    static void startAlertmanager() throws Exception {
        Path binary = Path.of(ExternalTool.require(BINARY, "prometheus-alertmanager"));
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(config, "route:\n  receiver: blackhole\nreceivers:\n  - name: blackhole\n");
        int port = freePort();
        base = URI.create("http://127.0.0.1:" + port);
        alertmanager = new ProcessBuilder(binary.toString(),
                "--config.file=" + config,
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=",
                "--storage.path=" + dir.resolve("data"))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("alertmanager.log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> {
                    assertThat(alertmanager.isAlive()).as("alertmanager exited: see its log").isTrue();
                    return get("/-/ready").statusCode() == 200;
                });
    }

    @AfterAll
    static void stopAlertmanager() throws Exception {
        if (alertmanager != null) {
            alertmanager.destroy();
            if (!alertmanager.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                alertmanager.destroyForcibly();
            }
        }
    }

    @Test
    void firingAlertIsActiveWithLabelsAndAnnotationsThenResolvedIsNoLongerActive() throws Exception {
        Clock clock = Clock.systemUTC();
        NotifierDeps deps = new NotifierDeps(clock,
                Optional.of(new GrafanaLink("https://grafana.example.com", "/d/acr/acr-watch")),
                Optional.empty(), Duration.ofMinutes(1));
        AlertmanagerNotifier notifier = new AlertmanagerNotifier(
                new AlertmanagerReceiver("am", true, base, new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))),
                deps);
        Instant started = clock.instant().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);

        DeliveryResult fired = notifier.send(notification(alert(AlertStatus.FIRING, started, Optional.empty())));
        assertThat(fired.delivered()).as(fired.message()).isTrue();

        JsonNode ours = await().atMost(Duration.ofSeconds(10)).until(() -> ours(), Optional::isPresent).get();
        assertThat(ours.at("/status/state").asText()).isEqualTo("active");
        assertThat(ours.at("/labels/alertname").asText()).isEqualTo("expired-secrets");
        assertThat(ours.at("/labels/registry").asText()).isEqualTo("myreg.azurecr.io");
        assertThat(ours.at("/labels/class").asText()).isEqualTo("unauthorized");
        assertThat(ours.at("/labels/severity").asText()).isEqualTo("critical");
        assertThat(ours.at("/annotations/summary").asText())
                .isEqualTo("[FIRING] unauthorized on myreg: 42 unauthorized (401) requests in 5m, threshold 10");
        assertThat(ours.at("/annotations/description").asText()).contains("top identities: <b>sp</b> (30)");
        assertThat(ours.at("/annotations/runbook").asText())
                .contains("az ad sp credential list --id '<b>sp</b>' -o table");
        assertThat(ours.at("/annotations/kql").asText()).isEqualTo("ContainerRegistryLoginEvents | take 10");
        assertThat(Instant.parse(ours.get("startsAt").asText())).isEqualTo(started);
        // firing alerts expire by themselves after 3 evaluation intervals without a re-send
        assertThat(Instant.parse(ours.get("endsAt").asText()))
                .isBetween(clock.instant().plus(Duration.ofMinutes(2)), clock.instant().plus(Duration.ofMinutes(4)));
        assertThat(ours.get("generatorURL").asText()).startsWith("https://grafana.example.com/d/acr/acr-watch?");

        Instant resolvedAt = clock.instant().minusSeconds(1);
        DeliveryResult resolved = notifier.send(
                notification(alert(AlertStatus.RESOLVED, started, Optional.of(resolvedAt))));
        assertThat(resolved.delivered()).as(resolved.message()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> ours().isEmpty());
    }

    @Test
    void unreachableAlertmanagerIsARetryableNetworkFailure() throws Exception {
        AlertmanagerNotifier notifier = new AlertmanagerNotifier(
                new AlertmanagerReceiver("am", URI.create("http://127.0.0.1:" + freePort())),
                NotifierDeps.defaults(Clock.systemUTC()));
        DeliveryResult r = notifier.send(notification(
                alert(AlertStatus.FIRING, Instant.now(), Optional.empty())));
        assertThat(r.delivered()).isFalse();
        assertThat(r.retryable()).isTrue();
        assertThat(r.reason()).hasValueSatisfying(reason -> assertThat(reason.label()).isEqualTo("network"));
    }

    @Test
    void invalidLabelNamesAreMadeValid() {
        assertThat(AlertmanagerNotifier.labelName("team.name")).isEqualTo("team_name");
        assertThat(AlertmanagerNotifier.labelName("1st")).isEqualTo("_1st");
    }

    private static Optional<JsonNode> ours() throws IOException, InterruptedException {
        JsonNode all = JSON.readTree(get("/api/v2/alerts").body());
        return StreamSupport.stream(all.spliterator(), false)
                .filter(a -> "expired-secrets".equals(a.at("/labels/alertname").asText()))
                .findFirst();
    }

    private static AlertSnapshot alert(AlertStatus status, Instant startsAt, Optional<Instant> endsAt) {
        return new AlertSnapshot("expired-secrets", "threshold", status, "critical",
                Map.of("rule", "expired-secrets", "registry", "myreg.azurecr.io", "class", "unauthorized"),
                Map.of(), status == AlertStatus.FIRING ? 42 : 2, 10, Duration.ofMinutes(5), startsAt, endsAt,
                Optional.of(startsAt), Optional.of(startsAt.plusSeconds(60)),
                List.of(new Contributor("<b>sp</b>", 30)), List.of(new Contributor("203.0.113.7", 30)),
                List.of(), Optional.of("ContainerRegistryLoginEvents | take 10"));
    }

    private static Notification notification(AlertSnapshot a) {
        return new Notification("d", "am", "g", Map.of(), List.of(a), a.startsAt());
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

}
