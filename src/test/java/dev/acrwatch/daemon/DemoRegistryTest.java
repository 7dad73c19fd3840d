package dev.acrwatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acrwatch.probe.ProbeConfig;
import dev.acrwatch.probe.ProbeFailureReason;
import dev.acrwatch.probe.ProbeResult;
import dev.acrwatch.probe.ProbeRunner;
import dev.acrwatch.source.simulator.DemoStory;
import dev.acrwatch.source.simulator.DemoStory.Phase;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo's loopback registry, probed by the real probe through the demo resolver and trust store. */
class DemoRegistryTest {

    private static final DemoStory STORY = new DemoStory(Instant.parse("2026-01-01T00:00:00Z"), Duration.ofMinutes(10));
    private static DemoRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        registry = DemoRegistry.start();
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void outsideTheFirewallPhaseTheProbeSeesTheAnonymousChallenge() throws Exception {
        ProbeResult r = probeAt(STORY.phaseStart(Phase.THROTTLED).plusSeconds(30));
        assertThat(r.success()).as(r.message()).isTrue();
    }

    @Test
    void duringTheFirewallPhaseTheProbeIsDeniedByTheRegistryFirewall() throws Exception {
        ProbeResult r = probeAt(STORY.phaseStart(Phase.FIREWALL_DROP).plusSeconds(30));
        assertThat(r.reason()).as(r.message()).contains(ProbeFailureReason.HTTP_FIREWALL_DENIED);
        assertThat(probeAt(STORY.phaseStart(Phase.RECOVERY)).success()).isTrue();
    }

    @Test
    void theDemoResolverAnswersOnlyTheProductionRegistryWithLoopback() throws Exception {
        assertThat(DemoRegistry.resolver().resolve("ContosoProd.azurecr.io"))
                .allSatisfy(a -> assertThat(a.isLoopbackAddress()).isTrue());
        assertThatThrownBy(() -> DemoRegistry.resolver().resolve("contosodev.azurecr.io"))
                .isInstanceOf(UnknownHostException.class);
    }

    @Test
    void closingDeletesTheCertificateFiles() throws Exception {
        DemoRegistry other = DemoRegistry.start();
        var trustFile = other.trustStore().path();
        assertThat(trustFile).exists();
        other.close();
        assertThat(Files.exists(trustFile)).isFalse();
        assertThat(Files.exists(trustFile.getParent())).isFalse();
    }

    private static ProbeResult probeAt(Instant simulated) throws Exception {
        Clock clock = Clock.fixed(simulated, ZoneOffset.UTC);
        registry.follow(clock, STORY);
        Duration limit = Duration.ofSeconds(5);
        ProbeConfig config = new ProbeConfig(Duration.ofMinutes(1),
                new ProbeConfig.Timeouts(limit, limit, limit, limit, limit),
                List.of(new dev.acrwatch.probe.ProbeTarget(DemoStory.PROD, registry.port(), false)),
                Optional.of(registry.trustStore()));
        try (ProbeRunner runner = ProbeRunner.create(config, DemoRegistry.resolver(), clock, r -> { })) {
            return runner.runOnce().get(0).get();
        }
    }
}
