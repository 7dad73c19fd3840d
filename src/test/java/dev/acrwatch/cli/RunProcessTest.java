package dev.acrwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acrwatch.source.simulator.DemoStory;
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
}
