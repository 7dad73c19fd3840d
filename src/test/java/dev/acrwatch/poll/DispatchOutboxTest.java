package dev.acrwatch.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.acrwatch.alert.AlertStatus;
import dev.acrwatch.alert.Notification;
import dev.acrwatch.notify.DeliveryResult;
import dev.acrwatch.notify.FailureReason;
import dev.acrwatch.notify.Fixtures;
import dev.acrwatch.notify.Notifier;
import dev.acrwatch.store.InMemoryOutbox;
import dev.acrwatch.store.Outbox;
import dev.acrwatch.store.Outbox.State;
import dev.acrwatch.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DispatchOutboxTest {

    static final Instant T0 = Instant.parse("2026-11-23T21:00:00Z");

    final MutableClock clock = new MutableClock(T0);
    final InMemoryOutbox outbox = new InMemoryOutbox();
    final RecordingDispatchListener listener = new RecordingDispatchListener();
    final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    static Notification note(String dedupKey, String receiver, AlertStatus status) {
        return new Notification(dedupKey, receiver, "{}:{registry=\"myreg.azurecr.io\"}",
                Map.of("registry", "myreg.azurecr.io"), List.of(Fixtures.unauthorized(status, "sp-build")), T0);
    }

    static Notification note(String dedupKey, String receiver) {
        return note(dedupKey, receiver, AlertStatus.FIRING);
    }

    DispatchOutbox dispatcher(Map<String, Notifier> notifiers) {
        return dispatcher(notifiers, r -> true);
    }

    DispatchOutbox dispatcher(Map<String, Notifier> notifiers, Predicate<String> sendsResolved) {
        return new DispatchOutbox(outbox, notifiers, sendsResolved, RetryPolicy.DEFAULT, listener, clock, pool);
    }

    Outbox.Entry only() {
        List<Outbox.Entry> all = new ArrayList<>();
        for (long id = 1; outbox.find(id).isPresent(); id++) {
            all.add(outbox.find(id).get());
        }
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    @Test
    void sameDedupKeyEnqueuedTwiceIsDeliveredOnce() {
        FakeNotifier ops = FakeNotifier.delivering();
        DispatchOutbox d = dispatcher(Map.of("ops", ops));

        assertThat(outbox.enqueue(note("k1", "ops"))).isTrue();
        assertThat(outbox.enqueue(note("k1", "ops"))).isFalse();
        d.runOnce();
        assertThat(outbox.enqueue(note("k1", "ops"))).as("the log remembers delivered keys").isFalse();
        d.runOnce();

        assertThat(ops.calls()).containsExactly("k1");
    }

    @Test
    void sameDedupKeyForTwoReceiversIsDeliveredToEachOnce() {
        FakeNotifier ops = FakeNotifier.delivering();
        FakeNotifier slack = FakeNotifier.delivering();
        DispatchOutbox d = dispatcher(Map.of("ops", ops, "slack", slack));

        outbox.enqueue(note("k1", "ops"));
        outbox.enqueue(note("k1", "slack"));
        outbox.enqueue(note("k1", "slack"));
        d.runOnce();
        d.runOnce();

        assertThat(ops.calls()).containsExactly("k1");
        assertThat(slack.calls()).containsExactly("k1");
    }

    @Test
    void serverErrorThenSuccessIsDeliveredOnSecondAttemptAfterExactlyTheBackoff() {
        FakeNotifier ops = FakeNotifier.delivering()
                .then(DeliveryResult.failed(FailureReason.SERVER_ERROR, true, "HTTP 500"));
        DispatchOutbox d = dispatcher(Map.of("ops", ops));
        outbox.enqueue(note("k1", "ops"));

        d.runOnce();
        assertThat(only().state()).isEqualTo(State.PENDING);
        assertThat(only().nextAttemptAt()).isEqualTo(T0.plusSeconds(10));
        clock.advance(Duration.ofSeconds(10).minusMillis(1));
        d.runOnce();
        assertThat(ops.calls()).hasSize(1);
        clock.advance(Duration.ofMillis(1));
        d.runOnce();

        assertThat(ops.calls()).containsExactly("k1", "k1");
        assertThat(only().state()).isEqualTo(State.DELIVERED);
        assertThat(only().attempts()).isEqualTo(2);
        assertThat(listener.events()).containsExactly("ops failed server_error", "ops delivered");
    }

    @Test
    void rateLimitedIsNotRetriedBeforeRetryAfter() {
        FakeNotifier ops = FakeNotifier.delivering()
                .then(DeliveryResult.rateLimited(Optional.of(Duration.ofSeconds(120)), "HTTP 429"));
        DispatchOutbox d = dispatcher(Map.of("ops", ops));
        outbox.enqueue(note("k1", "ops"));

        d.runOnce();
        clock.advance(Duration.ofSeconds(119));
        d.runOnce();
        assertThat(ops.calls()).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        d.runOnce();

        assertThat(ops.calls()).hasSize(2);
        assertThat(only().state()).isEqualTo(State.DELIVERED);
    }

    @Test
    void authErrorIsDeadAtOnceAndNeverRetried() {
        FakeNotifier ops = FakeNotifier.delivering()
                .otherwise(DeliveryResult.failed(FailureReason.AUTH_ERROR, false, "HTTP 401 from webhook"));
        DispatchOutbox d = dispatcher(Map.of("ops", ops));
        outbox.enqueue(note("k1", "ops"));

        d.runOnce();
        clock.advance(Duration.ofHours(1));
        d.runOnce();

        assertThat(ops.calls()).containsExactly("k1");
        assertThat(only().state()).isEqualTo(State.DEAD);
        assertThat(only().lastReason()).contains("auth_error: HTTP 401 from webhook");
        assertThat(listener.events()).containsExactly("ops dead auth_error");
        assertThat(d.queueDepth()).containsEntry("ops", 0);
    }

    @Test
    void retryableFailureGivesUpAfterMaxAge() {
        FakeNotifier ops = FakeNotifier.delivering()
                .otherwise(DeliveryResult.failed(FailureReason.NETWORK, true, "connection refused"));
        DispatchOutbox d = dispatcher(Map.of("ops", ops));
        outbox.enqueue(note("k1", "ops"));

        while (clock.instant().isBefore(T0.plus(Duration.ofHours(25)))) {
            d.runOnce();
            clock.advance(Duration.ofMinutes(1));
        }

        Outbox.Entry e = only();
        assertThat(e.state()).isEqualTo(State.DEAD);
        assertThat(e.lastReason().orElseThrow()).startsWith("gave up after " + e.attempts() + " attempts");
        assertThat(ops.calls()).hasSize(e.attempts());
        // runs each minute: attempts at 0, 1, 2, 3, 5, 8 min (backoffs 10 s … 320 s), then every 10 min from
        // 14 min to 23 h 54 min (143), and the one at 24 h 4 min that finds it 24 h old: 6 + 143 + 1
        assertThat(e.attempts()).isEqualTo(150);
        assertThat(listener.events()).last().isEqualTo("ops dead network");
    }

    @Test
    void downReceiverDoesNotDelayAnotherAndKeepsItsOwnOrder() {
        FakeNotifier down = FakeNotifier.delivering().hangUntilOpened()
                .then(DeliveryResult.failed(FailureReason.NETWORK, true, "read timed out"));
        FakeNotifier ok = FakeNotifier.delivering();
        DispatchOutbox d = dispatcher(Map.of("down", down, "ok", ok));
        outbox.enqueue(note("d1", "down"));
        outbox.enqueue(note("o1", "ok"));
        outbox.enqueue(note("d2", "down"));
        outbox.enqueue(note("o2", "ok"));
        outbox.enqueue(note("o3", "ok"));

        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(d::runOnce);
        await().atMost(Duration.ofSeconds(10)).until(() -> ok.calls().size() == 3);
        assertThat(run).as("the down receiver is still hanging").isNotDone();
        assertThat(down.calls()).containsExactly("d1");
        down.open();
        run.join();

        assertThat(ok.calls()).containsExactly("o1", "o2", "o3");
        assertThat(down.calls()).as("d2 waits behind the failed d1").containsExactly("d1");
        assertThat(d.queueDepth()).containsEntry("down", 2).containsEntry("ok", 0);

        clock.advance(Duration.ofSeconds(10));
        d.runOnce();
        assertThat(down.calls()).containsExactly("d1", "d1", "d2");
    }

    @Test
    void notificationForUnconfiguredReceiverIsDeadWithClearMessage() {
        DispatchOutbox d = dispatcher(Map.of("ops", FakeNotifier.delivering()));
        outbox.enqueue(note("k1", "opps"));

        d.runOnce();

        assertThat(only().state()).isEqualTo(State.DEAD);
        assertThat(only().lastReason())
                .contains("receiver \"opps\" is not configured; configured receivers: [ops]");
        assertThat(listener.events()).containsExactly("opps dead");
    }

    @Test
    void resolvedNotificationIsSkippedForReceiverWithoutSendResolved() {
        FakeNotifier quiet = FakeNotifier.delivering();
        FakeNotifier ops = FakeNotifier.delivering();
        DispatchOutbox d = dispatcher(Map.of("quiet", quiet, "ops", ops), r -> !r.equals("quiet"));
        outbox.enqueue(note("r1", "quiet", AlertStatus.RESOLVED));
        outbox.enqueue(note("f1", "quiet", AlertStatus.FIRING));
        outbox.enqueue(note("r1", "ops", AlertStatus.RESOLVED));

        d.runOnce();

        assertThat(quiet.calls()).containsExactly("f1");
        assertThat(ops.calls()).containsExactly("r1");
        Outbox.Entry skipped = outbox.find(1).orElseThrow();
        assertThat(skipped.state()).isEqualTo(State.DELIVERED);
        assertThat(skipped.attempts()).isZero();
        assertThat(skipped.lastReason()).contains("skipped: send_resolved is false");
        assertThat(listener.events()).contains("quiet skipped", "quiet delivered", "ops delivered");
    }

    @Test
    void restartedDispatcherContinuesWithoutResendingAndRetakesAnExpiredClaimOnce() {
        FakeNotifier ops = FakeNotifier.delivering();
        outbox.enqueue(note("k1", "ops"));
        dispatcher(Map.of("ops", ops)).runOnce();
        outbox.enqueue(note("k2", "ops"));
        // the previous node claimed k2 and died mid-send
        assertThat(outbox.claim("ops", clock.instant(), DispatchOutbox.DEFAULT_LEASE, 1)).hasSize(1);

        DispatchOutbox restarted = dispatcher(Map.of("ops", ops));
        restarted.runOnce();
        assertThat(ops.calls()).as("k2's lease is still live").containsExactly("k1");
        clock.advance(DispatchOutbox.DEFAULT_LEASE);
        restarted.runOnce();
        clock.advance(Duration.ofHours(1));
        restarted.runOnce();

        assertThat(ops.calls()).containsExactly("k1", "k2");
        assertThat(outbox.find(2).orElseThrow().state()).isEqualTo(State.DELIVERED);
    }

    @Test
    void notifierThatThrowsCostsARetryNotTheNotification() {
        Notifier broken = n -> {
            throw new IllegalStateException("https://hooks.example/secret-token");
        };
        outbox.enqueue(note("k1", "ops"));

        dispatcher(Map.of("ops", broken)).runOnce();

        assertThat(only().state()).isEqualTo(State.PENDING);
        assertThat(only().lastReason().orElseThrow())
                .contains("IllegalStateException")
                .doesNotContain("secret-token");
    }

    @Test
    void queueDepthReadsZeroForIdleConfiguredReceivers() {
        DispatchOutbox d = dispatcher(Map.of("ops", FakeNotifier.delivering(), "idle", FakeNotifier.delivering()));
        outbox.enqueue(note("k1", "ops"));
        outbox.enqueue(note("k2", "ops"));

        assertThat(d.queueDepth()).isEqualTo(Map.of("idle", 0, "ops", 2));
        d.runOnce();
        assertThat(d.queueDepth()).isEqualTo(Map.of("idle", 0, "ops", 0));
    }
}
