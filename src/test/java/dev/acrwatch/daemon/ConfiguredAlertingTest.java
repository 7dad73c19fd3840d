package dev.acrwatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acrwatch.config.AcrWatchConfig;
import dev.acrwatch.config.ConfigLoader;
import dev.acrwatch.source.simulator.DemoStory;
import dev.acrwatch.source.simulator.ScaledClock;
import dev.acrwatch.source.simulator.SimulatedWorkspace;
import dev.acrwatch.source.simulator.SimulatorServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;

/** From a YAML file to a delivered notification, through the real daemon, with a silence set over the API. */
class ConfiguredAlertingTest {

    private static final String WS = "00000000-0000-4000-8000-0000000000bb";

    @Test
    void rulesAndReceiversFromTheConfigFileAlertAndAnApiSilenceHoldsItsAlertBack(@TempDir Path tmp) throws Exception {
        double speed = 300;
        // In the past, so the sped-up clock runs at full speed until it catches up with real time.
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(2));
        ScaledClock clock = new ScaledClock(Clock.systemUTC(), start, speed);
        DemoStory story = new DemoStory(start, Duration.ofMinutes(10));
        SimulatedWorkspace ws = new SimulatedWorkspace(story, clock, 3, start.minus(Duration.ofMinutes(15)));
        try (SimulatorServer simulator = new SimulatorServer(ws, WS).start();
             DemoSinks sinks = DemoSinks.start(null, null)) {
            String yaml = """
                    workspaces:
                      - {name: sim, id: %s, endpoint: "%s", auth: {type: none}}
                    poll: {interval: 60s, settle: 200s, initial_lookback: 15m}
                    metrics: {address: 127.0.0.1, port: 0}
                    store: {data_dir: "%s"}
                    alerting:
                      # Speed 300 turns a cold start's few real seconds into many minutes: this test is not about blindness.
                      blind_after: 2h
                      api_token: ${TOKEN}
                      receivers:
                        - {name: mail, type: email, host: 127.0.0.1, port: %d, security: none,
                           from: acr-watch@example.com, to: [sre@example.com], group_wait: 30s}
                        - {name: chat, type: slack, url: "%s", group_wait: 30s}
                      rules:
                        - name: login_failures
                          type: threshold
                          filter: {tables: [login], classes: [unauthorized], reasons: [rejected_credentials]}
                          window: 5m
                          threshold: 11
                          group_by: [registry]
                          severity: critical
                        - name: forbidden_pulls
                          type: threshold
                          filter: {classes: [forbidden]}
                          window: 5m
                          threshold: 5
                          group_by: [registry]
                          severity: warning
                    """.formatted(WS, simulator.endpoint(), tmp.resolve("state"), sinks.smtpPort(), sinks.slackUrl());
            AcrWatchConfig cfg = ConfigLoader.load("test.yaml", yaml, Map.of("TOKEN", "s3cret-token"));
            try (Daemon daemon = Daemon.start(cfg, new Daemon.Options(clock, clock.toReal(Duration.ofSeconds(60)),
                    speed, List.of()), "test")) {
                HttpResponse<String> added = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + daemon.server().port() + "/api/v1/silences"))
                        .header("Authorization", "Bearer s3cret-token")
                        .POST(HttpRequest.BodyPublishers.ofString("""
                                {"matchers": ["rule=forbidden_pulls"], "duration": "24h",
                                 "createdBy": "test", "comment": "known: pipeline identity being migrated"}"""))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(added.statusCode()).as(added.body()).isEqualTo(201);

                Instant afterForbidden = story.phaseStart(DemoStory.Phase.THROTTLED).plus(Duration.ofMinutes(8));
                await().atMost(Duration.ofSeconds(60)).until(() -> clock.instant().isAfter(afterForbidden));
                await().atMost(Duration.ofSeconds(10)).until(() -> sinks.received().size() >= 4);

                List<String> summaries = sinks.received().stream().map(r -> r.kind() + " " + r.summary()).toList();
                assertThat(summaries).anyMatch(s -> s.startsWith("email [FIRING]") && s.contains("unauthorized"))
                        .anyMatch(s -> s.startsWith("slack [FIRING]") && s.contains("login_failures"))
                        .anyMatch(s -> s.startsWith("slack [RESOLVED]") && s.contains("login_failures"))
                        .noneMatch(s -> s.contains("forbidden_pulls") || s.contains("forbidden on"));
                assertThat(daemon.metrics().scrape("text/plain")).contains("acrwatch_silences_active 1.0");
            }
        }
    }
}
