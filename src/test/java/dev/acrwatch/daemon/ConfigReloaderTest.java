package dev.acrwatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.acrwatch.config.AcrWatchConfig;
import dev.acrwatch.config.ConfigLoader;
import dev.acrwatch.daemon.ConfigReloader.Outcome;
import dev.acrwatch.daemon.ConfigReloader.Status;
import dev.acrwatch.metrics.ReloadMetrics;
import dev.acrwatch.poll.LogCapture;
import dev.acrwatch.rule.ThresholdRule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigReloaderTest {

    static final Map<String, String> ENV = Map.of("SLACK_URL", "https://hooks.slack.com/services/T0/B0/s3cr3t-one");
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @TempDir
    Path dir;
    Path file;
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final List<AcrWatchConfig> applied = new CopyOnWriteArrayList<>();
    ConfigReloader reloader;
    LogCapture logs;

    /** A valid config; the arguments are the parts the tests change. */
    static String config(int threshold, String pollInterval, String callerName) {
        return """
                workspaces:
                  - name: prod
                    id: 11111111-2222-3333-4444-555555555555
                    registries:
                      - login_server: contosoprod.azurecr.io
                        expected_callers:
                          - {name: %s, identities: [build-agent]}
                poll:
                  interval: %s
                alerting:
                  receivers:
                    - {name: sre-slack, type: slack, url: "${SLACK_URL}"}
                  rules:
                    - name: auth_failures
                      type: threshold
                      filter: {classes: [unauthorized]}
                      window: 5m
                      threshold: %d
                      severity: critical
                      receivers: [sre-slack]
                """.formatted(callerName, pollInterval, threshold);
    }

    static String config(int threshold) {
        return config(threshold, "60s", "build_agents");
    }

    @BeforeEach
    void start() throws Exception {
        file = dir.resolve("acr-watch.yaml");
        write(config(10));
        logs = new LogCapture(ConfigReloader.class);
        reloader = reloader(applied::add);
    }

    ConfigReloader reloader(Reloadable target) throws Exception {
        return new ConfigReloader(file, ENV, ConfigLoader.load(file, ENV), target,
                Clock.fixed(NOW, ZoneOffset.UTC),
                new ReloadMetrics(registry, NOW.minusSeconds(60), ConfigReloader.hashOf(file).orElseThrow()));
    }

    @AfterEach
    void stop() {
        reloader.close();
        logs.close();
    }

    /** Replaces the file the way editors and ConfigMaps do: a new file renamed over the old one. */
    void write(String yaml) throws IOException {
        Path tmp = dir.resolve("next.tmp");
        Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static long threshold(AcrWatchConfig c) {
        return ((ThresholdRule) c.alerting().rules().get(0)).threshold();
    }

    double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    double reloads(String result) {
        return registry.get("acrwatch_config_reloads_total").tag("result", result).counter().count();
    }

    @Test
    void changedRuleIsAppliedOnceAndAnUnchangedFileIsANoOp() throws Exception {
        write(config(25));

        Outcome first = reloader.reloadNow("test");
        Outcome again = reloader.reloadNow("test");

        assertThat(first.status()).isEqualTo(Status.APPLIED);
        assertThat(again.status()).isEqualTo(Status.UNCHANGED);
        assertThat(applied).hasSize(1);
        assertThat(threshold(applied.get(0))).isEqualTo(25);
        assertThat(threshold(reloader.current())).isEqualTo(25);
        assertThat(gauge("acrwatch_config_last_reload_successful")).isEqualTo(1);
        assertThat(gauge("acrwatch_config_last_reload_timestamp_seconds")).isEqualTo(NOW.getEpochSecond());
        assertThat(reloads("success")).isEqualTo(2);
        assertThat(logs.messages(Level.INFO)).anyMatch(m -> m.contains("applied alerting.rules[0].threshold"));
    }

    @Test
    void expectedCallersReloadLive() throws Exception {
        write(config(10, "60s", "release_agents"));

        assertThat(reloader.reloadNow("test").status()).isEqualTo(Status.APPLIED);
        assertThat(applied.get(0).workspaces().get(0).expectedCallers().get(0).name()).isEqualTo("release_agents");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            invalid YAML | 'workspaces: [' | line 1, column 14: expected the node content
            unknown key  | 'workspaces: [{name: prod, id: 11111111-2222-3333-4444-555555555555}]\npoll: {intervall: 1m}' | poll.intervall: unknown key
            bad rule     | 'workspaces: [{name: prod, id: 11111111-2222-3333-4444-555555555555}]\nalerting: {rules: [{name: auth, threshold: 11}]}' | alerting.rules[0].window: required
            """)
    void invalidFileIsRejectedAndTheRunningConfigStays(String kind, String yaml, String expectedProblem) throws Exception {
        AcrWatchConfig before = reloader.current();
        write(yaml.replace("\\n", "\n"));

        Outcome outcome = reloader.reloadNow("test");

        assertThat(outcome.status()).isEqualTo(Status.REJECTED);
        assertThat(outcome.problems()).anyMatch(p -> p.startsWith(expectedProblem));
        assertThat(applied).isEmpty();
        assertThat(reloader.current()).isSameAs(before);
        assertThat(gauge("acrwatch_config_last_reload_successful")).isZero();
        assertThat(reloads("failure")).isEqualTo(1);
        assertThat(logs.messages(Level.ERROR)).singleElement().asString()
                .contains("rejected, the running config stays").contains(expectedProblem);
    }

    @Test
    void goingBackToTheRunningFileAfterARejectionCountsAsSuccess() throws Exception {
        write("workspaces: [");
        reloader.reloadNow("test");
        write(config(10));

        assertThat(reloader.reloadNow("test").status()).isEqualTo(Status.UNCHANGED);
        assertThat(applied).isEmpty();
        assertThat(gauge("acrwatch_config_last_reload_successful")).isEqualTo(1);
    }

    @Test
    void restartOnlyChangeIsRefusedByNameAndTheLiveOnesAreApplied() throws Exception {
        write(config(25, "2m", "build_agents"));

        Outcome outcome = reloader.reloadNow("test");

        assertThat(outcome.status()).isEqualTo(Status.RESTART_NEEDED);
        assertThat(outcome.problems()).containsExactly("poll.interval: restart needed for this change");
        assertThat(applied).singleElement().satisfies(c -> {
            assertThat(threshold(c)).isEqualTo(25);
            assertThat(c.poll().interval()).isEqualTo(Duration.ofSeconds(60));
        });
        assertThat(logs.messages(Level.ERROR)).singleElement().asString()
                .contains("restart needed for poll.interval").contains("alerting.rules[0].threshold");
        assertThat(gauge("acrwatch_config_last_reload_successful")).isZero();

        // asked again, the file still differs from what runs: still refused, nothing re-applied
        assertThat(reloader.reloadNow("test").status()).isEqualTo(Status.RESTART_NEEDED);
        assertThat(applied).hasSize(1);
    }

    @Test
    void workspaceListChangeNeedsARestart() throws Exception {
        write(config(10).replace("workspaces:\n",
                "workspaces:\n  - {name: staging, id: 11111111-2222-3333-4444-666666666666}\n"));

        Outcome outcome = reloader.reloadNow("test");

        assertThat(outcome.status()).isEqualTo(Status.RESTART_NEEDED);
        assertThat(outcome.problems()).singleElement().asString()
                .startsWith("workspaces (running [prod], file [staging, prod])");
        assertThat(applied).isEmpty();
    }

    @Test
    void refusalByTheRunningDaemonKeepsTheOldConfigAndIsRetriedNextTime() throws Exception {
        reloader.close();
        registry = new SimpleMeterRegistry();
        reloader = reloader(next -> {
            throw new IllegalStateException("receiver sre-slack is busy");
        });
        AcrWatchConfig before = reloader.current();
        write(config(25));

        Outcome outcome = reloader.reloadNow("test");

        assertThat(outcome.status()).isEqualTo(Status.REJECTED);
        assertThat(reloader.current()).isSameAs(before);
        assertThat(logs.messages(Level.ERROR)).singleElement().asString().contains("receiver sre-slack is busy");
        assertThat(reloader.reloadNow("test").status()).isEqualTo(Status.REJECTED);
    }

    @Test
    void changedSecretIsAppliedButItsValueIsNeverLogged() throws Exception {
        write(config(10).replace("${SLACK_URL}", "https://hooks.slack.com/services/T0/B0/s3cr3t-two"));

        assertThat(reloader.reloadNow("test").status()).isEqualTo(Status.APPLIED);
        assertThat(logs.messages(Level.INFO)).anyMatch(m -> m.contains("alerting.receivers[0].webhook_url"))
                .noneMatch(m -> m.contains("s3cr3t"));
    }

    @Test
    void sameSecretLoadedTwiceIsNoChange() throws Exception {
        Files.writeString(file, config(10) + "# a comment changes the hash, not the config\n");

        assertThat(reloader.reloadNow("test").status()).isEqualTo(Status.UNCHANGED);
        assertThat(applied).isEmpty();
    }

    @Test
    void secretInARestartOnlySectionComparesByValue() throws Exception {
        String withAuth = config(10) + "metrics: {basic_auth: {username: prom, password: pw-s3cr3t-1}}\n";
        write(withAuth);
        reloader.close();
        registry = new SimpleMeterRegistry();
        reloader = reloader(applied::add);

        write(withAuth.replace("threshold: 10", "threshold: 12"));
        assertThat(reloader.reloadNow("test").status()).isEqualTo(Status.APPLIED);

        write(withAuth.replace("threshold: 10", "threshold: 12").replace("pw-s3cr3t-1", "pw-s3cr3t-2"));
        Outcome changed = reloader.reloadNow("test");
        assertThat(changed.status()).isEqualTo(Status.RESTART_NEEDED);
        assertThat(changed.problems()).containsExactly("metrics.basic_auth.password: restart needed for this change");
        assertThat(logs.messages(Level.ERROR)).noneMatch(m -> m.contains("s3cr3t"));
    }
}
