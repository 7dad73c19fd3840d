package dev.acrwatch.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acrwatch.alert.AlertStatus;
import dev.acrwatch.alert.LabelMatcher;
import dev.acrwatch.alert.Notification;
import dev.acrwatch.alert.Silence;
import dev.acrwatch.event.FailureClass;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.notify.DeliveryResult;
import dev.acrwatch.notify.FailureReason;
import dev.acrwatch.notify.Fixtures;
import dev.acrwatch.rule.AlertPhase;
import dev.acrwatch.rule.AlertState;
import dev.acrwatch.rule.BinDims;
import dev.acrwatch.rule.BinRow;
import dev.acrwatch.rule.CallerSilenceState;
import dev.acrwatch.rule.GroupKey;
import dev.acrwatch.store.Outbox.Entry;
import dev.acrwatch.store.Outbox.State;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import dev.acrwatch.alert.RouterState;
import dev.acrwatch.rule.AlertIntent;
import dev.acrwatch.rule.Dimension;
import dev.acrwatch.rule.IntentKind;
import dev.acrwatch.rule.RuleCommon;
import dev.acrwatch.rule.RuleResult;
import dev.acrwatch.rule.Severity;
import dev.acrwatch.rule.TopCount;
import dev.acrwatch.store.SavedAlerting;
import dev.acrwatch.store.StateStore;
import java.util.Set;

/** What every JDBC state store must do, run against a real H2 and a real PostgreSQL. */
abstract class StoreContract {

    static final Instant T0 = Instant.parse("2026-11-23T21:00:00Z");
    // sub-millisecond digits: ingestion times carry them and the watermark must keep them
    static final Instant WATERMARK = Instant.parse("2026-11-23T20:58:30.123456789Z");
    static final Duration LEASE = Duration.ofMinutes(5);

    /** A fresh, empty database for one test. */
    abstract JdbcDatabase newDatabase() throws Exception;

    private final List<JdbcDatabase> pools = new ArrayList<>();

    @AfterEach
    void closePools() {
        pools.forEach(JdbcDatabase::close);
    }

    JdbcDatabase freshDatabase() throws Exception {
        return track(newDatabase());
    }

    /** The same database as a second node sees it, through its own pool. */
    JdbcDatabase secondNode(JdbcDatabase db) {
        return track(db.another());
    }

    private JdbcDatabase track(JdbcDatabase db) {
        pools.add(db);
        return db;
    }

    /** Stops the node (and whatever the engine keeps in memory); returns the database as a new node sees it. */
    abstract JdbcDatabase restart(JdbcDatabase db) throws Exception;

    static Notification note(String dedupKey, String receiver) {
        return new Notification(dedupKey, receiver, "g", Map.of(),
                List.of(Fixtures.unauthorized(AlertStatus.FIRING, "x")), T0);
    }

    static BinRow bin(Instant minute, String identity, long count) {
        return new BinRow(minute, new BinDims("ws", "reg.azurecr.io", LogTable.LOGIN, FailureClass.UNAUTHORIZED,
                "expired", "Login", identity, "10.0.0.1", ""), count);
    }

    static AlertState firing(String rule) {
        SortedMap<String, String> labels = new TreeMap<>(Map.of("registry", "reg"));
        return new AlertState(rule, GroupKey.encode(labels), labels, AlertPhase.FIRING, T0.minusSeconds(120),
                Optional.of(T0.minusSeconds(60)), Optional.of(T0), 2);
    }

    static final CallerSilenceState CALLERS = new CallerSilenceState(
            List.of(new CallerSilenceState.CallerSeen("ws", "reg", "aks-pool", T0)),
            List.of(new CallerSilenceState.RegistryTraffic("ws", "reg", T0.plusSeconds(60))));

    @Test
    void watermarkBinsAlertStatesOutboxAndCallersCommitTogetherAndSurviveARestart() throws Exception {
        JdbcDatabase db = freshDatabase();
        JdbcStateStore store = JdbcStateStore.open(db);
        store.inJdbcTransaction(tx -> {
            tx.setWatermark("ws", LogTable.LOGIN, WATERMARK);
            tx.addBins(List.of(bin(T0, "sp-a", 3), bin(T0, "sp-b", 1)));
            tx.putAlertState(firing("expired-secret"));
            assertThat(tx.enqueue(note("k1", "email"))).isTrue();
            tx.putCallerState(CALLERS);
        });
        JdbcStateStore reopened = JdbcStateStore.open(track(restart(db)));
        assertThat(reopened.watermark("ws", LogTable.LOGIN)).contains(WATERMARK);
        assertThat(reopened.watermark("ws", LogTable.REPOSITORY)).isEmpty();
        assertThat(reopened.bins().all()).containsExactlyInAnyOrder(bin(T0, "sp-a", 3), bin(T0, "sp-b", 1));
        assertThat(reopened.alertStates()).containsExactly(firing("expired-secret"));
        assertThat(reopened.callerState()).isEqualTo(CALLERS);
        assertThat(reopened.outbox().depthByReceiver()).isEqualTo(Map.of("email", 1));
        assertThat(reopened.outbox().due(T0, 10)).singleElement()
                .satisfies(e -> assertThat(e.notification()).isEqualTo(note("k1", "email")));
    }

    static final RuleCommon RULE = new RuleCommon("expired_secret", null, List.of(Dimension.REGISTRY), Duration.ZERO,
            Severity.CRITICAL, Map.of(), Map.of(), List.of("email"), Duration.ofMinutes(5));

    static SavedAlerting savedWithOneFiringAlert(long version) {
        SortedMap<String, String> labels = new TreeMap<>(Map.of("registry", "reg", "workspace", "ws"));
        RuleResult result = new RuleResult(RULE.name(), "threshold", labels, true, 42, 10.5, Duration.ofMinutes(5),
                Optional.of(T0.minusSeconds(240)), Optional.of(T0), List.of(new TopCount("sp-\"quoted\"\n", 40)),
                List.of(new TopCount("10.0.0.1", 42)), List.of());
        AlertIntent intent = new AlertIntent("expired_secret|k|" + T0 + "|firing", IntentKind.FIRING, 0, "threshold",
                "unauthorized", RULE, T0, T0, result);
        AlertState state = new AlertState(RULE.name(), GroupKey.encode(labels), labels, AlertPhase.FIRING,
                T0.minusSeconds(60), Optional.of(T0), Optional.of(T0), 0);
        RouterState router = new RouterState(List.of(intent), List.of(new RouterState.Held("slack", intent)),
                Set.of("email|" + intent.alertKey()), List.of(new RouterState.Group("email", labels, List.of(intent),
                        Set.of(intent.alertKey()), Optional.of(T0.plusSeconds(30)), Optional.empty())));
        return new SavedAlerting(version, List.of(state), Map.of(state.key(), 10.5), router, Optional.of(T0));
    }

    @Test
    void alertingStateRoundTripsThroughTheStoreWithItsVersion() throws Exception {
        JdbcDatabase db = freshDatabase();
        JdbcStateStore store = JdbcStateStore.open(db);
        assertThat(store.alerting(name -> Optional.of(RULE))).isEqualTo(SavedAlerting.EMPTY);

        store.inTransaction(tx -> tx.saveAlerting(savedWithOneFiringAlert(tx.lockAlerting() + 1)));

        JdbcStateStore reopened = JdbcStateStore.open(track(restart(db)));
        assertThat(reopened.alerting(name -> name.equals(RULE.name()) ? Optional.of(RULE) : Optional.empty()))
                .isEqualTo(savedWithOneFiringAlert(1));
        // A rule removed from the config takes its routed alerts with it; the lifecycle states stay readable.
        SavedAlerting withoutRule = reopened.alerting(name -> Optional.empty());
        assertThat(withoutRule.router().firing()).isEmpty();
        assertThat(withoutRule.router().groups()).singleElement().satisfies(g -> assertThat(g.pending()).isEmpty());
        assertThat(withoutRule.states()).hasSize(1);
    }

    @Test
    void savingAlertingStateWithoutTheLockIsRefused() throws Exception {
        JdbcStateStore store = JdbcStateStore.open(freshDatabase());
        assertThatThrownBy(() -> store.inTransaction(tx -> tx.saveAlerting(savedWithOneFiringAlert(1))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("lockAlerting");
    }

    @Test
    void evaluationsOnTwoNodesTakeTurnsOnTheAlertingLock() throws Exception {
        JdbcDatabase db = freshDatabase();
        JdbcStateStore nodeA = JdbcStateStore.open(db);
        JdbcStateStore nodeB = JdbcStateStore.open(secondNode(db));
        java.util.concurrent.CountDownLatch aLocked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch bStarted = new java.util.concurrent.CountDownLatch(1);
        long[] seenByB = new long[1];
        Thread b = new Thread(() -> {
            try {
                aLocked.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            bStarted.countDown();
            nodeB.inTransaction(tx -> seenByB[0] = tx.lockAlerting());
        });
        b.start();
        nodeA.inTransaction(tx -> {
            long v = tx.lockAlerting();
            aLocked.countDown();
            try {
                bStarted.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            tx.saveAlerting(savedWithOneFiringAlert(v + 1));
        });
        b.join(60_000);
        // Without the lock B would have read version 0 while A's transaction was still open.
        assertThat(seenByB[0]).isEqualTo(1);
    }

    @Test
    void callerSightingsOnlyMoveForwardAndPollsAreRecordedPerTable() throws Exception {
        JdbcStateStore store = JdbcStateStore.open(freshDatabase());
        store.inTransaction(tx -> {
            tx.setWatermark("ws", LogTable.LOGIN, WATERMARK);
            tx.setLastPolled("ws", LogTable.LOGIN, T0);
            tx.mergeCallerSightings(CALLERS);
        });
        CallerSilenceState older = new CallerSilenceState(
                List.of(new CallerSilenceState.CallerSeen("ws", "reg", "aks-pool", T0.minusSeconds(600)),
                        new CallerSilenceState.CallerSeen("ws", "reg", "ci", T0.minusSeconds(600))),
                List.of(new CallerSilenceState.RegistryTraffic("ws", "reg", T0.minusSeconds(600))));
        store.inTransaction(tx -> tx.mergeCallerSightings(older));

        assertThat(store.callerState()).isEqualTo(new CallerSilenceState(
                List.of(new CallerSilenceState.CallerSeen("ws", "reg", "aks-pool", T0),
                        new CallerSilenceState.CallerSeen("ws", "reg", "ci", T0.minusSeconds(600))),
                List.of(new CallerSilenceState.RegistryTraffic("ws", "reg", T0.plusSeconds(60)))));
        assertThat(store.lastPolled()).isEqualTo(Map.of(new StateStore.PollKey("ws", LogTable.LOGIN), T0));
    }

    @Test
    void aFailingStepRollsBackEveryWriteOfTheTransaction() throws Exception {
        JdbcStateStore store = JdbcStateStore.open(freshDatabase());
        store.inTransaction(tx -> tx.setWatermark("ws", LogTable.LOGIN, T0.minusSeconds(600)));

        assertThatThrownBy(() -> store.inJdbcTransaction(tx -> {
            tx.setWatermark("ws", LogTable.LOGIN, WATERMARK);
            tx.addBins(List.of(bin(T0, "sp-a", 3)));
            tx.putAlertState(firing("expired-secret"));
            tx.enqueue(note("k1", "email"));
            tx.putCallerState(CALLERS);
            throw new IllegalStateException("notifier config broke mid-poll");
        })).isInstanceOf(IllegalStateException.class).hasMessage("notifier config broke mid-poll");

        assertThat(store.watermark("ws", LogTable.LOGIN)).contains(T0.minusSeconds(600));
        assertThat(store.bins().all()).isEmpty();
        assertThat(store.alertStates()).isEmpty();
        assertThat(store.outbox().depthByReceiver()).isEmpty();
        assertThat(store.callerState()).isEqualTo(CallerSilenceState.EMPTY);
    }

    @Test
    void silencesAreSharedReplacedByIdAndRemoved() throws Exception {
        JdbcDatabase db = freshDatabase();
        Silence maintenance = new Silence("s1", List.of(LabelMatcher.eq("registry", "reg"),
                LabelMatcher.re("identity", "sp-.*")), T0, T0.plusSeconds(3600), "alice", "rotating secrets");
        JdbcStateStore.open(db).silenceTable().put(maintenance);

        JdbcSilences otherNode = JdbcStateStore.open(secondNode(db)).silenceTable();
        assertThat(otherNode.all()).containsExactly(maintenance);
        Silence expiredEarly = new Silence("s1", maintenance.matchers(), T0, T0.plusSeconds(60), "alice", "done");
        otherNode.put(expiredEarly);
        assertThat(otherNode.all()).containsExactly(expiredEarly);
        assertThat(otherNode.remove("s1")).isTrue();
        assertThat(otherNode.remove("s1")).isFalse();
        assertThat(otherNode.all()).isEmpty();
    }

    @Test
    void alertStatesAreReplacedAndRemovedByKey() throws Exception {
        JdbcStateStore store = JdbcStateStore.open(freshDatabase());
        AlertState pending = new AlertState("r", firing("r").groupKey(), firing("r").groupLabels(),
                AlertPhase.PENDING, T0, Optional.empty(), Optional.empty(), 0);
        store.inJdbcTransaction(tx -> tx.putAlertState(pending));
        store.inJdbcTransaction(tx -> tx.putAlertState(firing("r")));
        assertThat(store.alertStates()).containsExactly(firing("r"));

        store.inJdbcTransaction(tx -> tx.removeAlertState(firing("r").key()));
        assertThat(store.alertStates()).isEmpty();
    }

    @Test
    void aDuplicateFromAnotherNodeIsRefusedAndTheRestOfItsTransactionStillCommits() throws Exception {
        JdbcDatabase db = freshDatabase();
        JdbcStateStore nodeA = JdbcStateStore.open(db);
        JdbcStateStore nodeB = JdbcStateStore.open(secondNode(db));
        assertThat(nodeA.outbox().enqueue(note("k1", "email"))).isTrue();

        boolean[] added = new boolean[2];
        nodeB.inJdbcTransaction(tx -> {
            added[0] = tx.enqueue(note("k1", "email"));
            added[1] = tx.enqueue(note("k1", "slack"));
            tx.setWatermark("ws", LogTable.LOGIN, WATERMARK);
        });

        assertThat(added).containsExactly(false, true);
        assertThat(nodeA.watermark("ws", LogTable.LOGIN)).contains(WATERMARK);
        assertThat(nodeA.outbox().depthByReceiver()).isEqualTo(Map.of("email", 1, "slack", 1));
        assertThat(nodeB.outbox().enqueue(note("k1", "slack"))).isFalse();
    }

    @Test
    void binsOfTheSameMinuteAndDimsAddUpAndPruneDropsOldMinutes() throws Exception {
        JdbcBinStore bins = JdbcStateStore.open(freshDatabase()).bins();
        bins.add(bin(T0, "sp-a", 2));
        bins.add(bin(T0.plusSeconds(30), "sp-a", 5));
        bins.add(bin(T0.plusSeconds(60), "sp-a", 1));
        bins.add(bin(T0.plusSeconds(120), "x".repeat(10_000), 1));

        assertThat(bins.rows(T0, T0.plusSeconds(120)))
                .containsExactly(bin(T0, "sp-a", 7), bin(T0.plusSeconds(60), "sp-a", 1));
        bins.pruneBefore(T0.plusSeconds(60));
        assertThat(bins.all()).containsExactlyInAnyOrder(bin(T0.plusSeconds(60), "sp-a", 1),
                bin(T0.plusSeconds(120), "x".repeat(10_000), 1));
    }

    @Test
    void claimsHandOutEachReceiversHeadInOrderAndFenceStaleClaims() throws Exception {
        JdbcOutbox outbox = JdbcStateStore.open(freshDatabase()).outbox();
        outbox.enqueue(note("k1", "email"));
        outbox.enqueue(note("k2", "email"));

        List<Entry> first = outbox.claim("email", T0, LEASE, 1);
        assertThat(first).extracting(Entry::dedupKey).containsExactly("k1");
        // the head is held by a live lease: nothing behind it may overtake it
        assertThat(outbox.claim("email", T0.plusSeconds(1), LEASE, 10)).isEmpty();

        // the first claimant hung past its lease; another node takes over and the stale claim is fenced off
        List<Entry> takeover = outbox.claim("email", T0.plus(LEASE), LEASE, 10);
        assertThat(takeover).extracting(Entry::dedupKey).containsExactly("k1", "k2");
        assertThat(outbox.markDelivered(first.get(0), T0, Optional.empty())).isFalse();
        assertThat(outbox.markDelivered(takeover.get(0), T0, Optional.empty())).isTrue();
        assertThat(outbox.markFailed(takeover.get(1),
                DeliveryResult.failed(FailureReason.SERVER_ERROR, true, "HTTP 503"), T0.plusSeconds(900))).isTrue();

        assertThat(outbox.find(takeover.get(0).id())).get()
                .satisfies(e -> assertThat(e.state()).isEqualTo(State.DELIVERED))
                .satisfies(e -> assertThat(e.attempts()).isEqualTo(1));
        Entry failed = outbox.find(takeover.get(1).id()).orElseThrow();
        assertThat(failed.state()).isEqualTo(State.PENDING);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.nextAttemptAt()).isEqualTo(T0.plusSeconds(900));
        assertThat(failed.lastReason()).contains("server_error: HTTP 503");
        assertThat(outbox.due(T0.plusSeconds(899), 10)).isEmpty();
        assertThat(outbox.due(T0.plusSeconds(900), 10)).extracting(Entry::dedupKey).containsExactly("k2");
    }

    @Test
    void pruneForgetsFinishedEntriesAndWithThemTheirDedupKeys() throws Exception {
        JdbcOutbox outbox = JdbcStateStore.open(freshDatabase()).outbox();
        outbox.enqueue(note("k1", "email"));
        outbox.enqueue(note("k2", "email"));
        Entry k1 = outbox.claim("email", T0, LEASE, 1).get(0);
        assertThat(outbox.markDead(k1, "client_error: 400", true)).isTrue();

        assertThat(outbox.prune(T0.plusSeconds(1))).isEqualTo(1);
        assertThat(outbox.find(k1.id())).isEmpty();
        assertThat(outbox.depthByReceiver()).isEqualTo(Map.of("email", 1));
        assertThat(outbox.enqueue(note("k1", "email"))).isTrue();
    }

    @Test
    void aFreshDatabaseIsMigratedToThisBinarysSchemaVersionAndReopensWithoutChange() throws Exception {
        JdbcDatabase db = freshDatabase();
        assertThat(Schema.currentVersion(db)).isZero();
        JdbcStateStore.open(db);
        JdbcStateStore.open(db);
        assertThat(Schema.currentVersion(db)).isEqualTo(Schema.VERSION);
    }

    @Test
    void aSchemaNewerThanThisBinaryRefusesToStartNamingBothVersions() throws Exception {
        JdbcDatabase db = freshDatabase();
        JdbcStateStore.open(db);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE schema_info SET version = 7 WHERE id = 1");
        }

        assertThatThrownBy(() -> JdbcStateStore.open(db))
                .isInstanceOf(SchemaTooNewException.class)
                .hasMessageContaining("schema version 7 is newer than this acr-watch")
                .hasMessageContaining("knows schema version " + Schema.VERSION);
    }

    @Test
    void twoDispatchersOnTwoConnectionsDeliverEachEntryExactlyOnceAndInOrder() throws Exception {
        JdbcDatabase db = freshDatabase();
        JdbcOutbox nodeA = JdbcStateStore.open(db).outbox();
        JdbcOutbox nodeB = JdbcStateStore.open(secondNode(db)).outbox();
        List<String> receivers = List.of("a", "b", "c", "d");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add("k" + i);
            for (String r : receivers) {
                nodeA.enqueue(note("k" + i, r));
            }
        }
        Map<String, List<String>> sent = new TreeMap<>();
        receivers.forEach(r -> sent.put(r, new ArrayList<>()));

        DispatchRace.run(nodeA, nodeB, sent, T0, LEASE);

        for (String r : receivers) {
            assertThat(sent.get(r)).as(r).containsExactlyElementsOf(expected);
        }
        assertThat(nodeA.depthByReceiver()).isEmpty();
    }
}
