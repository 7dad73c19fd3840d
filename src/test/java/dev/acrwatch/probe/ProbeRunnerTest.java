package dev.acrwatch.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scheduling: targets are probed independently and a slow one never holds up another. */
class ProbeRunnerTest {

    private static final Resolver LOCALHOST = Stubs.resolver(Map.of("localhost", List.of("127.0.0.1")));
    private static TestCertificates certs;

    @BeforeAll
    static void certificates() throws Exception {
        certs = TestCertificates.get();
    }

    private static ProbeConfig config(Duration interval, Duration tlsTimeout, ProbeTarget... targets) {
        Duration five = Duration.ofSeconds(5);
        return new ProbeConfig(interval, new ProbeConfig.Timeouts(five, five, tlsTimeout, five, Duration.ofSeconds(15)),
                List.of(targets), Optional.empty());
    }

    private static ProbeRunner runner(ProbeConfig config, ProbeListener listener) {
        return new ProbeRunner(config, LOCALHOST, new Stubs.CountingSockets(), certs.client.getSocketFactory(),
                Clock.systemUTC(), listener);
    }

    @Test
    void slowTargetDoesNotDelayAHealthyOnesResult() throws Exception {
        Map<Integer, ProbeResult> byPort = new ConcurrentHashMap<>();
        LoopbackServers.BlackHole slow = new LoopbackServers.BlackHole();
        try (LoopbackServers.Registry healthy =
                new LoopbackServers.Registry(certs.trusted, LoopbackServers.BEARER_CHALLENGE)) {
            ProbeTarget slowTarget = new ProbeTarget("localhost", slow.port(), false);
            ProbeTarget healthyTarget = new ProbeTarget("localhost", healthy.port(), false);
            // The slow target comes first and its handshake may hang for 12 s; the healthy one must not wait.
            ProbeConfig config = config(Duration.ofMinutes(1), Duration.ofSeconds(12), slowTarget, healthyTarget);
            try (ProbeRunner runner = runner(config, r -> byPort.put(r.target().port(), r))) {
                runner.runOnce();

                await().atMost(Duration.ofSeconds(10)).until(() -> byPort.containsKey(healthy.port()));
                assertThat(byPort.get(healthy.port()).success()).isTrue();
                assertThat(byPort).as("the slow probe is still hanging").doesNotContainKey(slow.port());

                // Hanging up on the stuck handshake ends the slow probe without waiting out its timeout.
                await().atMost(Duration.ofSeconds(5)).until(() -> slow.accepted() == 1);
                slow.close();
                await().atMost(Duration.ofSeconds(5)).until(() -> byPort.containsKey(slow.port()));
                assertThat(byPort.get(slow.port()).reason()).contains(ProbeFailureReason.TLS_ERROR);
            }
        } finally {
            slow.close();
        }
    }

    @Test
    void targetStillBeingProbedIsSkippedRatherThanQueued() throws Exception {
        LoopbackServers.BlackHole slow = new LoopbackServers.BlackHole();
        try {
            ProbeTarget target = new ProbeTarget("localhost", slow.port(), false);
            ProbeConfig config = config(Duration.ofMinutes(1), Duration.ofSeconds(12), target);
            try (ProbeRunner runner = runner(config, r -> { })) {
                List<CompletableFuture<ProbeResult>> first = runner.runOnce();
                List<CompletableFuture<ProbeResult>> second = runner.runOnce();

                assertThat(first).hasSize(1);
                assertThat(second).isEmpty();
                await().atMost(Duration.ofSeconds(5)).until(() -> slow.accepted() == 1);
                slow.close();
                assertThat(first.get(0).get(5, TimeUnit.SECONDS).reason()).contains(ProbeFailureReason.TLS_ERROR);
                assertThat(runner.runOnce()).as("probed again once the first run finished").hasSize(1);
            }
        } finally {
            slow.close();
        }
    }

    @Test
    void startedRunnerProbesAgainEveryInterval() throws Exception {
        List<ProbeResult> results = new CopyOnWriteArrayList<>();
        try (LoopbackServers.Registry healthy =
                new LoopbackServers.Registry(certs.trusted, LoopbackServers.BEARER_CHALLENGE)) {
            ProbeTarget target = new ProbeTarget("localhost", healthy.port(), false);
            try (ProbeRunner runner = runner(config(Duration.ofMillis(200), Duration.ofSeconds(5), target),
                    results::add)) {
                runner.start();

                await().atMost(Duration.ofSeconds(10)).until(() -> results.size() >= 3);
                assertThat(results).allSatisfy(r -> assertThat(r.success()).isTrue());
            }
        }
    }

    @Test
    void failingListenerDoesNotStopTheResultFromBeingReturned() throws Exception {
        ProbeTarget target = new ProbeTarget("localhost", LoopbackServers.closedPort(), false);
        try (ProbeRunner runner = runner(config(Duration.ofMinutes(1), Duration.ofSeconds(5), target), r -> {
            throw new IllegalStateException("listener bug");
        })) {
            ProbeResult result = runner.runOnce().get(0).get(8, TimeUnit.SECONDS);

            assertThat(result.reason()).contains(ProbeFailureReason.TCP_REFUSED);
            assertThat(runner.runOnce()).as("the target is free for the next round").hasSize(1);
        }
    }
}
