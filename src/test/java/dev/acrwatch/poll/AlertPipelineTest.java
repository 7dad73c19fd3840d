package dev.acrwatch.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.alert.AlertRouter;
import dev.acrwatch.alert.AlertSnapshot;
import dev.acrwatch.alert.AlertStatus;
import dev.acrwatch.alert.BlindDetector;
import dev.acrwatch.alert.InhibitRule;
import dev.acrwatch.alert.Notification;
import dev.acrwatch.alert.Route;
import dev.acrwatch.alert.SilenceRegistry;
import dev.acrwatch.event.Classification;
import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.FailureClass;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.rule.AlertStateMachine;
import dev.acrwatch.rule.Dimension;
import dev.acrwatch.rule.InMemoryBinStore;
import dev.acrwatch.rule.RuleCommon;
import dev.acrwatch.rule.RuleEvaluator;
import dev.acrwatch.rule.RuleFilter;
import dev.acrwatch.rule.Severity;
import dev.acrwatch.rule.ThresholdRule;
import dev.acrwatch.source.IngestionInterval;
import dev.acrwatch.store.InMemoryOutbox;
import dev.acrwatch.store.InMemoryStateStore;
import dev.acrwatch.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertPipelineTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final String REG = "contosobuild.azurecr.io";

    private final MutableClock clock = new MutableClock(T0);
    private final Readiness readiness = new Readiness();
    private final InMemoryOutbox outbox = new InMemoryOutbox();
    private final AlertStateMachine machine = new AlertStateMachine(Duration.ofHours(4));
    private final InMemoryBinStore bins = new InMemoryBinStore();
    private final InMemoryStateStore store = new InMemoryStateStore(bins, outbox);
    private final ThresholdRule rule = new ThresholdRule(new RuleCommon("auth_failures",
            new RuleFilter(Set.of(LogTable.LOGIN), Set.of(FailureClass.UNAUTHORIZED), Set.of(), Set.of()),
            List.of(Dimension.REGISTRY), Duration.ZERO, Severity.CRITICAL, Map.of(), Map.of(), List.of("slack"),
            Duration.ofMinutes(5)), 11);
    private final SilenceRegistry silences = new SilenceRegistry(clock);
    private final List<Map<String, Long>> observed = new ArrayList<>();
    private final AlertPipeline pipeline = new AlertPipeline(List.of("prod", "stage"),
            new RuleEvaluator(List.of(rule), bins, machine), machine, new BlindDetector(Duration.ofMinutes(10),
            List.of("slack")), new AlertRouter(List.of(new Route("slack", null, Duration.ZERO, Duration.ofMinutes(1),
            true)), silences, InhibitRule.defaults()), silences, store, readiness, clock,
            n -> withKql(n), (phases, suppressed, active) -> observed.add(Map.of("firing",
            phases.getOrDefault(dev.acrwatch.rule.AlertPhase.FIRING, 0L))),
            AlertPipeline.NetworkDrop.none(List.of("slack")));

    AlertPipelineTest() {
        for (String ws : List.of("prod", "stage")) {
            for (LogTable t : LogTable.values()) {
                readiness.register(ws, t);
            }
        }
    }

    @Test
    void aCommittedBurstFiresOnceWithItsQueryAndResolvesWhenTheWindowEmpties() {
        commit("prod", T0.minusSeconds(120), 20);
        advancePolls(T0);

        List<Notification> first = pipeline.evaluate();
        assertThat(first).singleElement().satisfies(n -> {
            assertThat(n.receiver()).isEqualTo("slack");
            assertThat(n.status()).isEqualTo(AlertStatus.FIRING);
            AlertSnapshot a = n.alerts().get(0);
            assertThat(a.labels()).containsEntry("registry", REG).containsEntry("rule", "auth_failures");
            assertThat(a.value()).isEqualTo(20);
            assertThat(a.kql()).hasValue("// reproduce auth_failures");
        });
        assertThat(pipeline.evaluate()).as("same state, nothing new").isEmpty();
        assertThat(observed.get(observed.size() - 1)).containsEntry("firing", 1L);

        clock.advance(Duration.ofMinutes(6));
        advancePolls(clock.instant());
        assertThat(pipeline.evaluate()).singleElement().satisfies(n -> {
            assertThat(n.status()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(n.alerts().get(0).value()).as("value at resolve time").isZero();
            assertThat(n.alerts().get(0).threshold()).as("still measured against its threshold").isEqualTo(11);
        });
    }

    @Test
    void anEvaluationThatReadAnOlderHorizonNeverResolvesAndRefiresAnAlert() {
        commit("prod", T0.minusSeconds(60), 20);
        advancePolls(T0);
        assertThat(pipeline.evaluate()).hasSize(1); // fired at T0

        // A racing evaluation read the watermarks before the last poll committed: its horizon is older,
        // from before the burst reached its bin.
        clock.advance(Duration.ofMinutes(2)); // past the group interval: anything queued would go out
        for (LogTable t : LogTable.values()) {
            store.inTransaction(tx -> tx.setWatermark("prod", t, T0.minusSeconds(600)));
        }
        readiness.markSucceeded("prod", LogTable.LOGIN, clock.instant());
        assertThat(pipeline.evaluate()).as("no resolve on a stale read").isEmpty();
        clock.advance(Duration.ofMinutes(2));
        advancePolls(T0.plusSeconds(30));
        assertThat(pipeline.evaluate()).as("and no second firing").isEmpty();
    }

    @Test
    void aWorkspaceThatNeverAnswersTurnsBlindWithoutFreezingTheOthersRules() {
        clock.advance(Duration.ofMinutes(11));
        commit("prod", clock.instant().minusSeconds(60), 15);
        advancePolls(clock.instant());

        List<Notification> queued = pipeline.evaluate();

        assertThat(queued).extracting(n -> n.alerts().get(0).ruleName())
                .containsExactlyInAnyOrder(BlindDetector.RULE_NAME, "auth_failures");
        assertThat(queued).filteredOn(n -> n.alerts().get(0).ruleName().equals(BlindDetector.RULE_NAME))
                .singleElement().satisfies(n -> assertThat(n.alerts().get(0).labels())
                        .containsEntry("workspace", "stage"));
    }

    @Test
    void noRuleIsEvaluatedBeforeEveryHealthyTableHasBeenPolled() {
        commit("prod", T0.minusSeconds(60), 30);
        readiness.markSucceeded("prod", LogTable.LOGIN, T0);
        store.inTransaction(tx -> tx.setWatermark("prod", LogTable.LOGIN, T0));

        assertThat(pipeline.evaluate()).isEmpty();
    }

    @Test
    void commitsInsideTheStoreTransactionAndTimedEvaluationsNeverDeadlock() throws Exception {
        advancePolls(T0);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        commit("prod", T0.minusSeconds(60), 1);
                    }
                }));
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        pipeline.evaluate();
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : work) {
                f.get(30, java.util.concurrent.TimeUnit.SECONDS); // a lock-order deadlock times out here
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(bins.rows(T0.minusSeconds(60), T0)).extracting(r -> r.count()).containsExactly(600L);
    }

    private void commit(String ws, Instant minute, long count) {
        EventCount row = new EventCount(LogTable.LOGIN, minute, REG, "Login", "401", "sp-ci", "20.42.5.10", "",
                count, minute.plusSeconds(40), 40.0 * count, 40);
        PollReport report = new PollReport(ws, LogTable.LOGIN, new IngestionInterval(minute, minute.plusSeconds(60)),
                List.of(new ClassifiedCount(row, new Classification(FailureClass.UNAUTHORIZED,
                        Classification.REASON_REJECTED_CREDENTIALS))), minute.plusSeconds(60), Duration.ZERO);
        store.inTransaction(tx -> pipeline.commitStep().write(report, tx));
    }

    /** prod answers and is polled up to {@code at}; stage never answers. */
    private void advancePolls(Instant at) {
        for (LogTable t : LogTable.values()) {
            readiness.markSucceeded("prod", t, at);
            store.inTransaction(tx -> tx.setWatermark("prod", t, at));
        }
    }

    private static Notification withKql(Notification n) {
        List<AlertSnapshot> alerts = n.alerts().stream().map(a -> new AlertSnapshot(a.ruleName(), a.ruleType(),
                a.status(), a.severity(), a.labels(), a.annotations(), a.value(), a.threshold(), a.window(),
                a.startsAt(), a.endsAt(), a.firstSeen(), a.lastSeen(), a.topIdentities(), a.topCallerIps(),
                a.topRepositories(), Optional.of("// reproduce " + a.ruleName()))).toList();
        return new Notification(n.dedupKey(), n.receiver(), n.groupKey(), n.groupLabels(), alerts, n.createdAt());
    }
}
