package dev.acrwatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.alert.AlertStatus;
import dev.acrwatch.alert.Notification;
import dev.acrwatch.notify.DeliveryResult;
import dev.acrwatch.notify.FailureReason;
import dev.acrwatch.notify.Fixtures;
import dev.acrwatch.store.Outbox.Entry;
import dev.acrwatch.store.Outbox.State;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InMemoryOutboxTest {

    static final Instant T0 = Instant.parse("2026-11-23T21:00:00Z");
    static final Duration LEASE = Duration.ofMinutes(5);

    final InMemoryOutbox outbox = new InMemoryOutbox();

    static Notification note(String dedupKey, String receiver) {
        return new Notification(dedupKey, receiver, "g", Map.of(), List.of(Fixtures.unauthorized(AlertStatus.FIRING, "x")), T0);
    }

    static List<String> keys(List<Entry> entries) {
        return entries.stream().map(Entry::dedupKey).toList();
    }

    @Test
    void refusesASecondEntryWithTheSameKeyForTheSameReceiverOnly() {
        assertThat(outbox.enqueue(note("k", "ops"))).isTrue();
        assertThat(outbox.enqueue(note("k", "ops"))).isFalse();
        assertThat(outbox.enqueue(note("k", "slack"))).isTrue();
        assertThat(outbox.depthByReceiver()).isEqualTo(Map.of("ops", 1, "slack", 1));
    }

    @Test
    void claimHandsOutAReceiversEntriesInCreationOrderAndOnlyOnce() {
        outbox.enqueue(note("k1", "ops"));
        outbox.enqueue(note("k2", "ops"));
        outbox.enqueue(note("k3", "ops"));

        List<Entry> first = outbox.claim("ops", T0, LEASE, 2);

        assertThat(keys(first)).containsExactly("k1", "k2");
        assertThat(first).allSatisfy(e -> {
            assertThat(e.state()).isEqualTo(State.IN_FLIGHT);
            assertThat(e.leaseUntil()).contains(T0.plus(LEASE));
        });
        assertThat(outbox.claim("ops", T0, LEASE, 10)).as("the head is held").isEmpty();
        assertThat(outbox.due(T0, 10)).isEmpty();
    }

    @Test
    void entryWaitingForRetryBlocksOnlyItsOwnReceiver() {
        outbox.enqueue(note("k1", "ops"));
        outbox.enqueue(note("k2", "ops"));
        outbox.enqueue(note("k1", "slack"));
        Entry head = outbox.claim("ops", T0, LEASE, 1).get(0);
        DeliveryResult failed = DeliveryResult.failed(FailureReason.SERVER_ERROR, true, "HTTP 503");

        assertThat(outbox.markFailed(head, failed, T0.plusSeconds(10))).isTrue();

        assertThat(outbox.claim("ops", T0.plusSeconds(9), LEASE, 10)).isEmpty();
        assertThat(keys(outbox.due(T0.plusSeconds(9), 10))).containsExactly("k1");
        assertThat(outbox.due(T0.plusSeconds(9), 10).get(0).receiver()).isEqualTo("slack");
        Entry again = outbox.claim("ops", T0.plusSeconds(10), LEASE, 10).get(0);
        assertThat(again.attempts()).isEqualTo(1);
        assertThat(again.lastReason()).contains("server_error: HTTP 503");
    }

    @Test
    void expiredLeaseMakesTheEntryClaimableAgainAndFencesTheOldClaimant() {
        outbox.enqueue(note("k1", "ops"));
        Entry stale = outbox.claim("ops", T0, LEASE, 1).get(0);

        assertThat(outbox.claim("ops", T0.plus(LEASE).minusMillis(1), LEASE, 1)).isEmpty();
        Entry retaken = outbox.claim("ops", T0.plus(LEASE), LEASE, 1).get(0);

        assertThat(retaken.claimToken()).isNotEqualTo(stale.claimToken());
        assertThat(outbox.markDelivered(stale, T0.plus(LEASE), Optional.empty())).isFalse();
        assertThat(outbox.markDelivered(retaken, T0.plus(LEASE), Optional.empty())).isTrue();
        assertThat(outbox.find(retaken.id()).orElseThrow().state()).isEqualTo(State.DELIVERED);
        assertThat(outbox.markDead(retaken, "late", true)).as("finished entries are not reopened").isFalse();
    }

    @Test
    void releaseGivesAnEntryBackWithoutCountingAnAttempt() {
        outbox.enqueue(note("k1", "ops"));
        Entry claimed = outbox.claim("ops", T0, LEASE, 1).get(0);

        assertThat(outbox.release(claimed)).isTrue();

        Entry back = outbox.claim("ops", T0, LEASE, 1).get(0);
        assertThat(back.attempts()).isZero();
        assertThat(back.id()).isEqualTo(claimed.id());
    }

    @Test
    void pruneForgetsOldFinishedEntriesAndTheirKeysButKeepsOpenOnes() {
        outbox.enqueue(note("done", "ops"));
        outbox.enqueue(note("open", "slack"));
        Entry done = outbox.claim("ops", T0, LEASE, 1).get(0);
        outbox.markDelivered(done, T0, Optional.empty());

        assertThat(outbox.prune(T0)).as("not older than the cutoff").isZero();
        assertThat(outbox.prune(T0.plus(Duration.ofDays(30)))).isEqualTo(1);

        assertThat(outbox.find(done.id())).isEmpty();
        assertThat(outbox.depthByReceiver()).isEqualTo(Map.of("slack", 1));
        assertThat(outbox.enqueue(note("done", "ops"))).as("key forgotten after retention").isTrue();
        assertThat(outbox.enqueue(note("open", "slack"))).isFalse();
    }

    @Test
    void entryToStringLeavesOutThePayload() {
        outbox.enqueue(note("k1", "ops"));

        assertThat(outbox.find(1).orElseThrow().toString()).doesNotContain("k1").doesNotContain("unauthorized");
    }
}
