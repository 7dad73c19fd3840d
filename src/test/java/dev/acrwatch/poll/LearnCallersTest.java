package dev.acrwatch.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.config.AuthConfig;
import dev.acrwatch.config.ExpectedCaller;
import dev.acrwatch.config.LearnCallersConfig;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.rule.CallerSpec;
import dev.acrwatch.rule.ExpectedCallerDetector;
import dev.acrwatch.source.CallerSightings;
import dev.acrwatch.source.CallerSightings.Kind;
import dev.acrwatch.source.CallerSightings.Sighting;
import dev.acrwatch.source.QueryFailureReason;
import dev.acrwatch.source.SourceException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LearnCallersTest {

    static final Instant NOW = Instant.parse("2026-11-23T21:00:00Z");
    static final String REG = "contosoprod.azurecr.io";
    static final ExpectedCaller CONFIGURED = new ExpectedCaller(REG, "aks-pool", List.of("10.240.1.0/24"),
            List.of("build-agent"), Duration.ofMinutes(15));

    /** A fake port: answers with the scripted sightings (or failure) and records when it was asked. */
    static final class FakeSightings implements CallerSightings {
        final List<Instant> asked = new ArrayList<>();
        List<Sighting> answer = List.of();
        SourceException failure;

        @Override
        public List<Sighting> regularCallers(Instant now) throws SourceException {
            asked.add(now);
            if (failure != null) {
                throw failure;
            }
            return answer;
        }
    }

    final Map<String, FakeSightings> ports = new HashMap<>();
    final ExpectedCallerDetector detector = new ExpectedCallerDetector(Map.of("prod", List.of(spec(CONFIGURED))),
            List.of());

    static CallerSpec spec(ExpectedCaller c) {
        return new CallerSpec(c.registry(), c.name(), c.cidrs(), c.identities(), c.maxSilence());
    }

    static WorkspaceConfig ws(String name, boolean learning) {
        return new WorkspaceConfig(name, "00000000-0000-0000-0000-000000000001", Optional.empty(),
                new AuthConfig.None(), List.of(REG), name.equals("prod") ? List.of(CONFIGURED) : List.of(), List.of(),
                new LearnCallersConfig(learning, 3, 24, Duration.ofMinutes(20)));
    }

    LearnCallers learner(WorkspaceConfig... workspaces) {
        return new LearnCallers(List.of(workspaces), w -> ports.computeIfAbsent(w.name(), n -> new FakeSightings()),
                detector, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static Sighting sighting(Kind kind, String caller) {
        return new Sighting(REG, kind, caller, 5, 24, NOW.minusSeconds(60));
    }

    @Test
    void regularCallersBecomeLearnedCallersWithTheConfiguredMaxSilence() {
        LearnCallers learn = learner(ws("prod", true));
        ports.get("prod").answer = List.of(sighting(Kind.IDENTITY, "deploy-bot"),
                sighting(Kind.IP_BLOCK, "10.250.3.0/24"), sighting(Kind.IDENTITY, "user@contoso.com"));

        List<LearnCallers.Outcome> outcomes = learn.runOnce();

        List<CallerSpec> expected = List.of(
                new CallerSpec(REG, "learned-id-deploy-bot", List.of(), List.of("deploy-bot"), Duration.ofMinutes(20)),
                new CallerSpec(REG, "learned-ip-10-250-3-0-24", List.of("10.250.3.0/24"), List.of(),
                        Duration.ofMinutes(20)),
                new CallerSpec(REG, "learned-id-user-contoso-com-" + String.format("%08x", "user@contoso.com".hashCode()),
                        List.of(), List.of("user@contoso.com"), Duration.ofMinutes(20)));
        assertThat(outcomes).containsExactly(new LearnCallers.Outcome("prod", expected, 0, Optional.empty()));
        assertThat(detector.callers().get("prod")).containsExactly(
                spec(CONFIGURED), expected.get(0), expected.get(1), expected.get(2));
        assertThat(ports.get("prod").asked).containsExactly(NOW);
    }

    @Test
    void callersAlreadyConfiguredAreNotLearnedAgain() {
        LearnCallers learn = learner(ws("prod", true));
        ports.get("prod").answer = List.of(sighting(Kind.IDENTITY, "BUILD-AGENT"),
                sighting(Kind.IP_BLOCK, "10.240.1.0/24"), sighting(Kind.IP_BLOCK, "10.9.9.0/24"));

        LearnCallers.Outcome outcome = learn.runOnce().get(0);

        assertThat(outcome.skippedAsConfigured()).isEqualTo(2);
        assertThat(outcome.learned()).extracting(CallerSpec::name).containsExactly("learned-ip-10-9-9-0-24");
    }

    @Test
    void workspacesWithoutLearningAreNeverQueried() {
        LearnCallers learn = learner(ws("prod", false), ws("staging", true));

        List<LearnCallers.Outcome> outcomes = learn.runOnce();

        assertThat(ports).containsOnlyKeys("staging");
        assertThat(outcomes).extracting(LearnCallers.Outcome::workspace).containsExactly("staging");
        assertThat(learner(ws("prod", false)).hasWork()).isFalse();
    }

    @Test
    void aFailedQueryKeepsThePreviouslyLearnedCallers() {
        LearnCallers learn = learner(ws("prod", true));
        ports.get("prod").answer = List.of(sighting(Kind.IDENTITY, "deploy-bot"));
        learn.runOnce();
        ports.get("prod").failure = new SourceException(QueryFailureReason.THROTTLED, "workspace prod learning query: 429");

        LearnCallers.Outcome outcome = learn.runOnce().get(0);

        assertThat(outcome.failure()).contains("workspace prod learning query: 429");
        assertThat(detector.callers().get("prod")).extracting(CallerSpec::name)
                .containsExactly("aks-pool", "learned-id-deploy-bot");
    }

    @Test
    void aCallerThatStoppedQualifyingIsForgottenOnTheNextRun() {
        LearnCallers learn = learner(ws("prod", true));
        ports.get("prod").answer = List.of(sighting(Kind.IDENTITY, "deploy-bot"));
        learn.runOnce();
        ports.get("prod").answer = List.of();

        learn.runOnce();

        assertThat(detector.callers().get("prod")).extracting(CallerSpec::name).containsExactly("aks-pool");
    }
}
