package dev.acrwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acrwatch.daemon.DemoSinks;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.rule.BinRow;
import dev.acrwatch.source.simulator.DemoStory;
import dev.acrwatch.store.jdbc.JdbcDatabase;
import dev.acrwatch.store.jdbc.JdbcStateStore;
import java.util.List;
import dev.acrwatch.source.simulator.SimulatedWorkspace;
import dev.acrwatch.source.simulator.SimulatorServer;
import dev.acrwatch.testing.ExternalTool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real daemon process: started from the command line, stopped with SIGTERM. */
class RunProcessTest {

    private static final String WORKSPACE_ID = "00000000-0000-4000-8000-0000000000aa";

    @TempDir
    Path tmp;

    @Test
    void sigtermLetsThePollInFlightFinishThenExitsZero() throws Exception {
        Instant now = Instant.now();
        SimulatedWorkspace ws = new SimulatedWorkspace(new DemoStory(now, Duration.ofMinutes(10)), Clock.systemUTC(),
                1, now.minus(Duration.ofMinutes(20)));
        try (SimulatorServer simulator = new SimulatorServer(ws, WORKSPACE_ID).start()) {
            int port = ExternalTool.freePort();
            Path config = tmp.resolve("acr-watch.yaml");
            Files.writeString(config, """
                    workspaces:
                      - name: sim
                        id: %s
                        endpoint: %s
                        auth: {type: none}
                    poll: {interval: 2s, settle: 1s, initial_lookback: 15m}
                    metrics: {address: 127.0.0.1, port: %d}
                    logging: {format: json}
                    """.formatted(WORKSPACE_ID, simulator.endpoint(), port));
            Path stderr = tmp.resolve("stderr.log");
            Process daemon = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                    "-cp", System.getProperty("java.class.path"), "dev.acrwatch.Main", "run", "--config", config.toString())
                    .redirectError(stderr.toFile()).redirectOutput(tmp.resolve("stdout.log").toFile()).start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);

                // Make the next poll take a while, and stop the daemon while it waits for its answer.
                simulator.setResponseDelay(Duration.ofMillis(1500));
                int before = simulator.queriesStarted();
                await().atMost(Duration.ofSeconds(20)).until(() -> simulator.queriesStarted() > before);
                daemon.destroy(); // SIGTERM

                assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(daemon.exitValue()).isZero();
                assertThat(simulator.queriesAborted()).as("no query was cut off").isZero();
                assertThat(simulator.queriesAnswered()).isEqualTo(simulator.queriesStarted());
                String log = Files.readString(stderr);
                assertThat(log.lines()).as("logs are JSON lines on stderr").isNotEmpty()
                        .allSatisfy(l -> assertThat(l).startsWith("{").endsWith("}"));
                assertThat(log).contains("shutting down: finishing the polls in flight").contains("acr-watch stopped");
                assertThat(Files.readString(tmp.resolve("stdout.log"))).isEmpty();
            } finally {
                daemon.destroyForcibly();
            }
        }
    }

    /**
     * {@code kill -9} while a poll waits for its answer, then a new process on the same H2 files: it continues
     * from the stored watermark (each event in the store's bins once, none missed), and the alert that fired
     * before the kill is not sent again.
     */
    @Test
    void killMinusNineDuringAPollLosesNothingAndRepeatsNothingAfterRestart() throws Exception {
        Instant now = Instant.now();
        SimulatedWorkspace ws = new SimulatedWorkspace(new DemoStory(now, Duration.ofMinutes(10)), Clock.systemUTC(),
                1, now.minus(Duration.ofMinutes(20)));
        try (SimulatorServer simulator = new SimulatorServer(ws, WORKSPACE_ID).start();
             DemoSinks sinks = DemoSinks.start(null, null)) {
            int port = ExternalTool.freePort();
            Path config = tmp.resolve("acr-watch.yaml");
            // A rule on successful pulls fires at once and stays firing; its 2 h window keeps every bin.
            Files.writeString(config, """
                    workspaces:
                      - name: sim
                        id: %s
                        endpoint: %s
                        auth: {type: none}
                    poll: {interval: 2s, settle: 1s, initial_lookback: 1h}
                    metrics: {address: 127.0.0.1, port: %d}
                    store: {data_dir: state}
                    alerting:
                      receivers:
                        - {name: mail, type: email, host: 127.0.0.1, port: %d, security: none,
                           from: acr-watch@example.com, to: [sre@example.com], group_wait: 0s}
                      rules:
                        - {name: traffic, type: threshold, filter: {classes: [ok]}, window: 2h, threshold: 1,
                           severity: info}
                    """.formatted(WORKSPACE_ID, simulator.endpoint(), port, sinks.smtpPort()));
            HttpClient http = HttpClient.newHttpClient();
            Process first = start(config, "first");
            try {
                try {
                    awaitReady(http, port);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError("the daemon did not become ready; its log:\n"
                            + Files.readString(tmp.resolve("first.stderr")), e);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> emails(sinks) == 1);
                simulator.setResponseDelay(Duration.ofMillis(1500));
                int before = simulator.queriesStarted();
                await().atMost(Duration.ofSeconds(20)).until(() -> simulator.queriesStarted() > before);
                first.destroyForcibly(); // SIGKILL, mid-query
                assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                first.destroyForcibly();
            }
            simulator.setResponseDelay(Duration.ZERO);
            int beforeRestart = simulator.queriesAnswered();
            Process second = start(config, "second");
            try {
                try {
                    awaitReady(http, port);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError("the restarted daemon did not become ready; its log:\n"
                            + Files.readString(tmp.resolve("second.stderr")), e);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> simulator.queriesAnswered() >= beforeRestart + 6);
                second.destroy(); // SIGTERM: finish the poll in flight
                assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(second.exitValue()).isZero();
            } finally {
                second.destroyForcibly();
            }

            JdbcDatabase db = JdbcDatabase.h2(tmp.resolve("state"));
            try {
                JdbcStateStore store = JdbcStateStore.open(db);
                List<BinRow> bins = store.bins().all();
                for (LogTable table : LogTable.values()) {
                    Instant watermark = store.watermark("sim", table).orElseThrow();
                    long counted = bins.stream().filter(b -> b.dims().table() == table).mapToLong(BinRow::count).sum();
                    long ingested = ws.eventsUpTo(watermark).stream().filter(e -> e.table() == table).count();
                    assertThat(counted).as(table + ": events in the store's bins vs ingested up to the watermark")
                            .isEqualTo(ingested).isPositive();
                }
                assertThat(store.alertStates()).singleElement().satisfies(a -> assertThat(a.ruleName()).isEqualTo("traffic"));
            } finally {
                db.close();
            }
            assertThat(emails(sinks)).as("the FIRING sent before the kill is not sent again").isEqualTo(1);
            assertThat(Files.readString(tmp.resolve("second.stderr"))).doesNotContain("ERROR");
        }
    }

    private Process start(Path config, String name) throws Exception {
        return new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "dev.acrwatch.Main", "run", "--config", config.toString())
                .redirectError(tmp.resolve(name + ".stderr").toFile())
                .redirectOutput(tmp.resolve(name + ".stdout").toFile()).start();
    }

    private static void awaitReady(HttpClient http, int port) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    private static long emails(DemoSinks sinks) {
        return sinks.received().stream().filter(r -> r.kind().equals("email")).count();
    }
}
