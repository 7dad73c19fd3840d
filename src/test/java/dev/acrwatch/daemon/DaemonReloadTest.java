package dev.acrwatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acrwatch.config.AcrWatchConfig;
import dev.acrwatch.config.ConfigLoader;
import dev.acrwatch.metrics.ReloadMetrics;
import dev.acrwatch.source.simulator.DemoStory;
import dev.acrwatch.source.simulator.ScaledClock;
import dev.acrwatch.source.simulator.SimulatedWorkspace;
import dev.acrwatch.source.simulator.SimulatorServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A config reload in the middle of an alert: the alert that fired before the reload stays firing and resolves
 * once afterwards, a rule added by the reload fires, and a broken file changes nothing.
 */
class DaemonReloadTest {

    private static final String WS = "00000000-0000-4000-8000-0000000000cc";

    @Test
    void reloadKeepsAFiringAlertAndAddsTheNewRuleAndABrokenFileIsRefused(@TempDir Path tmp) throws Exception {
        double speed = 60;
        // In the past: the sped-up clock runs at full speed only until it catches up with real time.
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(2));
        ScaledClock clock = new ScaledClock(Clock.systemUTC(), start, speed);
        DemoStory story = new DemoStory(start, Duration.ofMinutes(10));
        SimulatedWorkspace ws = new SimulatedWorkspace(story, clock, 3, start.minus(Duration.ofMinutes(15)));
        try (SimulatorServer simulator = new SimulatorServer(ws, WS).start();
             DemoSinks sinks = DemoSinks.start(null, null)) {
            Path file = tmp.resolve("acr-watch.yaml");
            String login = """
                        - name: login_failures
                          type: threshold
                          filter: {tables: [login], classes: [unauthorized], reasons: [rejected_credentials]}
                          window: 5m
                          threshold: 11
                          group_by: [registry]
                          severity: critical
                    """;
            String forbidden = """
                        - name: forbidden_pulls
                          type: threshold
                          filter: {classes: [forbidden]}
                          window: 5m
                          threshold: 5
                          group_by: [registry]
                          severity: warning
                    """;
            String head = """
                    workspaces:
                      - {name: sim, id: %s, endpoint: "%s", auth: {type: none}}
                    poll: {interval: 60s, settle: 200s, initial_lookback: 15m}
                    metrics: {address: 127.0.0.1, port: 0}
                    store: {data_dir: "%s"}
                    alerting:
                      blind_after: 2h
                      receivers:
                        - {name: chat, type: slack, url: "%s", group_wait: 30s}
                      rules:
                    """.formatted(WS, simulator.endpoint(), tmp.resolve("state"), sinks.slackUrl());
            Files.writeString(file, head + login);
            AcrWatchConfig cfg = ConfigLoader.load(file, Map.of());
            try (Daemon daemon = Daemon.start(cfg, new Daemon.Options(clock, clock.toReal(Duration.ofSeconds(60)),
                    speed, List.of()), "test");
                 ConfigReloader reloader = new ConfigReloader(file, Map.of(), cfg, daemon::apply, clock,
                         new ReloadMetrics(daemon.metrics().registry(), clock.instant(),
                                 ConfigReloader.hashOf(file).orElse("")))) {
                await().atMost(Duration.ofSeconds(60)).until(() -> slack(sinks).contains("FIRING login_failures"));

                Files.writeString(file, head + login + "  - name: [broken\n");
                assertThat(reloader.reloadNow("test").status()).isEqualTo(ConfigReloader.Status.REJECTED);
                Files.writeString(file, head + login + forbidden);
                assertThat(reloader.reloadNow("test").status()).isEqualTo(ConfigReloader.Status.APPLIED);

                Instant afterForbidden = story.phaseStart(DemoStory.Phase.THROTTLED).plus(Duration.ofMinutes(8));
                await().atMost(Duration.ofSeconds(90)).until(() -> clock.instant().isAfter(afterForbidden)
                        && slack(sinks).contains("RESOLVED forbidden_pulls"));
                List<String> sent = slack(sinks);
                assertThat(sent).containsExactlyInAnyOrder("FIRING login_failures", "RESOLVED login_failures",
                        "FIRING forbidden_pulls", "RESOLVED forbidden_pulls");
                assertThat(sent.indexOf("FIRING login_failures")).isLessThan(sent.indexOf("RESOLVED login_failures"));
                assertThat(sent.indexOf("FIRING forbidden_pulls")).isLessThan(sent.indexOf("RESOLVED forbidden_pulls"));
                assertThat(daemon.metrics().scrape("text/plain"))
                        .contains("acrwatch_config_reloads_total{result=\"failure\"} 1")
                        .contains("acrwatch_config_reloads_total{result=\"success\"} 1")
                        .contains("acrwatch_config_last_reload_successful 1");
            }
        }
    }

    /** "STATUS rule" of each Slack message, in arrival order. */
    private static List<String> slack(DemoSinks sinks) {
        return sinks.received().stream().filter(r -> r.kind().equals("slack")).map(r -> {
            String s = r.summary();
            String status = s.startsWith("[FIRING]") ? "FIRING" : s.startsWith("[RESOLVED]") ? "RESOLVED" : "?";
            return status + " " + s.substring(s.lastIndexOf('(') + 1, s.lastIndexOf(')'));
        }).toList();
    }
}
