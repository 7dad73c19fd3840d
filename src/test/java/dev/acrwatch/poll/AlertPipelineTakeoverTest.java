package dev.acrwatch.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.alert.AlertRouter;
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
import dev.acrwatch.rule.RuleCommon;
import dev.acrwatch.rule.RuleEvaluator;
import dev.acrwatch.rule.RuleFilter;
import dev.acrwatch.rule.Severity;
import dev.acrwatch.rule.ThresholdRule;
import dev.acrwatch.source.IngestionInterval;
import dev.acrwatch.store.InMemoryStateStore;
import dev.acrwatch.store.Outbox;
import dev.acrwatch.store.StateStore;
import dev.acrwatch.store.jdbc.JdbcDatabase;
import dev.acrwatch.store.jdbc.JdbcStateStore;
import dev.acrwatch.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two evaluators on one store, as two nodes (or a node and its restarted self) are: whichever evaluates next
 * continues from what the other committed — a firing alert stays firing and resolves once, and nothing is
 * queued twice. Run on the in-memory store and on H2 files (a restart re-opens the database).
 */
class AlertPipelineTakeoverTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final String REG = "contosobuild.azurecr.io";
    private static final ThresholdRule RULE = new ThresholdRule(new RuleCommon("auth_failures",
            new RuleFilter(Set.of(LogTable.LOGIN), Set.of(FailureClass.UNAUTHORIZED), Set.of(), Set.of()),
            List.of(Dimension.REGISTRY), Duration.ZERO, Severity.CRITICAL, Map.of(), Map.of(), List.of("slack"),
            Duration.ofMinutes(5)), 11);

    @TempDir
    static Path tmp;
    private static int databases;
    private final List<JdbcDatabase> open = new ArrayList<>();
    private final MutableClock clock = new MutableClock(T0);

    @AfterEach
    void close() {
        open.forEach(JdbcDatabase::close);
    }

    static Stream<Arguments> stores() {
        return Stream.of(Arguments.of("memory"), Arguments.of("h2"));
    }

    /** A node: its own pipeline and memory over the shared store. */
    private final class Node {
        final StateStore store;
        final Readiness readiness = new Readiness();
        final AlertPipeline pipeline;

        Node(StateStore store) {
            this(store, new Route("slack", null, Duration.ZERO, Duration.ofMinutes(1), true), Duration.ZERO);
        }

        Node(StateStore store, Route route, Duration forDuration) {
            this.store = store;
            ThresholdRule rule = new ThresholdRule(RULE.common().withFor(forDuration), RULE.threshold());
            AlertStateMachine machine = new AlertStateMachine(Duration.ofHours(4));
            SilenceRegistry silences = new SilenceRegistry(clock);
            pipeline = new AlertPipeline(List.of("prod"), new RuleEvaluator(List.of(rule), store.bins(), machine),
                    machine, new BlindDetector(Duration.ofMinutes(10), List.of("slack")),
                    new AlertRouter(List.of(route), silences, InhibitRule.defaults()), silences, store, readiness, clock,
                    java.util.function.UnaryOperator.identity(), AlertPipeline.Observer.NONE, AlertPipeline.NetworkDrop.none(List.of("slack")));
        }

        void commit(Instant minute, long count, Instant watermark) {
            EventCount row = new EventCount(LogTable.LOGIN, minute, REG, "Login", "401", "sp-ci", "20.42.5.10", "",
                    count, minute.plusSeconds(40), 40.0 * count, 40);
            PollReport report = new PollReport("prod", LogTable.LOGIN, new IngestionInterval(minute, watermark),
                    List.of(new ClassifiedCount(row, new Classification(FailureClass.UNAUTHORIZED,
                            Classification.REASON_REJECTED_CREDENTIALS))), watermark, Duration.ZERO);
            store.inTransaction(tx -> {
                pipeline.commitStep().write(report, tx);
                for (LogTable t : LogTable.values()) {
                    tx.setWatermark("prod", t, watermark);
                }
            });
            for (LogTable t : LogTable.values()) {
                readiness.markSucceeded("prod", t, watermark);
            }
        }
    }

    private StateStore newStore(String kind) {
        if (kind.equals("memory")) {
            return new InMemoryStateStore();
        }
        JdbcDatabase db = JdbcDatabase.h2(tmp.resolve("db" + databases++));
        open.add(db);
        return JdbcStateStore.open(db);
    }

    /** The same store as a restarted process (H2: the file re-opened through a fresh pool). */
    private StateStore sameStore(StateStore store, String kind) {
        if (kind.equals("memory")) {
            return store;
        }
        JdbcDatabase db = open.get(open.size() - 1).another();
        open.get(open.size() - 1).close();
        open.add(db);
        return JdbcStateStore.open(db);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void anAlertFiredByOneNodeIsResolvedOnceByTheNodeThatTakesOver(String kind) {
        StateStore store = newStore(kind);
        Node a = new Node(store);
        a.commit(T0.minusSeconds(120), 20, T0);
        clock.set(T0.plusSeconds(5));
        List<Notification> fired = a.pipeline.evaluate();
        assertThat(fired).singleElement().satisfies(n -> assertThat(n.status()).isEqualTo(AlertStatus.FIRING));

        // Node A dies; node B (or A restarted) starts with empty memory on the same store.
        Node b = new Node(sameStore(store, kind));
        clock.set(T0.plusSeconds(20));
        assertThat(b.pipeline.evaluate()).as("B continues: nothing new to say while still firing").isEmpty();

        // The window empties: B resolves, once, with the threshold A measured against.
        b.commit(T0.plusSeconds(400), 0, T0.plusSeconds(420));
        clock.set(T0.plusSeconds(425));
        List<Notification> resolved = b.pipeline.evaluate();
        assertThat(resolved).singleElement().satisfies(n -> {
            assertThat(n.status()).isEqualTo(AlertStatus.RESOLVED);
            assertThat(n.alerts().get(0).threshold()).isEqualTo(11.0);
        });
        clock.set(T0.plusSeconds(430));
        assertThat(b.pipeline.evaluate()).isEmpty();

        Outbox outbox = b.store.outbox();
        assertThat(outbox.due(T0.plusSeconds(500), 10)).extracting(e -> e.notification().status())
                .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void twoNodesEvaluatingInTurnQueueEachTransitionOnce(String kind) {
        StateStore store = newStore(kind);
        Node a = new Node(store);
        Node b = new Node(store);
        List<Notification> queued = new ArrayList<>();
        a.commit(T0.minusSeconds(120), 20, T0);
        b.readiness.markSucceeded("prod", LogTable.LOGIN, T0);
        b.readiness.markSucceeded("prod", LogTable.REPOSITORY, T0);
        for (int i = 0; i < 10; i++) {
            clock.set(T0.plusSeconds(5 + i));
            queued.addAll((i % 2 == 0 ? a : b).pipeline.evaluate());
        }
        b.commit(T0.plusSeconds(400), 0, T0.plusSeconds(420));
        a.readiness.markSucceeded("prod", LogTable.LOGIN, T0.plusSeconds(420));
        a.readiness.markSucceeded("prod", LogTable.REPOSITORY, T0.plusSeconds(420));
        for (int i = 0; i < 10; i++) {
            clock.set(T0.plusSeconds(425 + i));
            queued.addAll((i % 2 == 0 ? b : a).pipeline.evaluate());
        }
        assertThat(queued).extracting(Notification::status).containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aBurstThatBeganAndEndedWhileNoEvaluationRanStillFiresAndResolvesAfterTheGap(String kind) {
        StateStore store = newStore(kind);
        Node a = new Node(store);
        a.commit(T0.minusSeconds(600), 1, T0);
        clock.set(T0.plusSeconds(5));
        assertThat(a.pipeline.evaluate()).isEmpty();

        // The store was away (or the node restarted): twenty minutes of data arrive in one poll, with a burst
        // from minute 3 to 5 that was over long before anyone evaluated again.
        Node b = new Node(sameStore(store, kind));
        for (int m = 3; m < 5; m++) {
            b.commit(T0.plusSeconds(60L * m), 20, T0.plusSeconds(1200));
        }
        clock.set(T0.plusSeconds(1205));
        assertThat(b.pipeline.evaluate()).extracting(Notification::status)
                .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void aGapIsSteppedThroughWithTheRoutesGroupWaitAndForAsLive(String kind) {
        StateStore store = newStore(kind);
        Node a = new Node(store, new Route("slack", null, Duration.ofSeconds(30), Duration.ofMinutes(5), true),
                Duration.ofMinutes(1));
        a.commit(T0.minusSeconds(600), 1, T0);
        clock.set(T0.plusSeconds(5));
        assertThat(a.pipeline.evaluate()).isEmpty();

        for (int m = 3; m < 9; m++) {
            a.commit(T0.plusSeconds(60L * m), 20, T0.plusSeconds(1800));
        }
        clock.set(T0.plusSeconds(2000));
        assertThat(a.pipeline.evaluate()).extracting(Notification::status)
                .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void whenTheDataIsBackTheBlindAlertResolvesBeforeTheGapIsSteppedSoItInhibitsNothingThere(String kind) {
        StateStore store = newStore(kind);
        Node a = new Node(store, new Route("slack", null, Duration.ofSeconds(30), Duration.ofMinutes(5), true),
                Duration.ofMinutes(1));
        a.commit(T0.minusSeconds(600), 1, T0);
        clock.set(T0.plusSeconds(5));
        assertThat(a.pipeline.evaluate()).isEmpty();
        clock.set(T0.plusSeconds(1200));
        assertThat(a.pipeline.evaluate()).isEmpty(); // blind, waiting out the route's group_wait
        clock.set(T0.plusSeconds(1240));
        assertThat(a.pipeline.evaluate()).extracting(n -> n.status() + " " + n.alerts().get(0).ruleName())
                .containsExactly("FIRING acrwatch_blind");

        for (int m = 3; m < 9; m++) {
            a.commit(T0.plusSeconds(60L * m), 20, T0.plusSeconds(1800));
        }
        clock.set(T0.plusSeconds(1805));
        assertThat(a.pipeline.evaluate()).extracting(n -> n.status() + " " + n.alerts().get(0).ruleName())
                .containsExactlyInAnyOrder("RESOLVED acrwatch_blind", "FIRING auth_failures", "RESOLVED auth_failures");
    }
}
