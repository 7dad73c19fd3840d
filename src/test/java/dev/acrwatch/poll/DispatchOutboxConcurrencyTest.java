package dev.acrwatch.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.notify.Notifier;
import dev.acrwatch.store.InMemoryOutbox;
import dev.acrwatch.testing.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;

class DispatchOutboxConcurrencyTest {

    static final List<String> RECEIVERS = List.of("a", "b", "c", "d");

    final ExecutorService nodeA = Executors.newFixedThreadPool(3);
    final ExecutorService nodeB = Executors.newFixedThreadPool(3);
    final ExecutorService starters = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        nodeA.shutdownNow();
        nodeB.shutdownNow();
        starters.shutdownNow();
    }

    @RepeatedTest(5)
    void twoDispatchersRunningAtOnceDeliverEachEntryExactlyOnceAndInOrder() {
        MutableClock clock = new MutableClock(DispatchOutboxTest.T0);
        InMemoryOutbox outbox = new InMemoryOutbox();
        Map<String, FakeNotifier> fakes = Map.of(
                "a", FakeNotifier.delivering(), "b", FakeNotifier.delivering(),
                "c", FakeNotifier.delivering(), "d", FakeNotifier.delivering());
        Map<String, Notifier> notifiers = Map.copyOf(fakes);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            expected.add("k" + i);
            for (String r : RECEIVERS) {
                outbox.enqueue(DispatchOutboxTest.note("k" + i, r));
            }
        }
        DispatchOutbox first = new DispatchOutbox(outbox, notifiers, r -> true, RetryPolicy.DEFAULT,
                DispatchListener.NONE, clock, nodeA);
        DispatchOutbox second = new DispatchOutbox(outbox, notifiers, r -> true, RetryPolicy.DEFAULT,
                DispatchListener.NONE, clock, nodeB);

        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Integer> runA = CompletableFuture.supplyAsync(() -> awaitThen(go, first), starters);
        CompletableFuture<Integer> runB = CompletableFuture.supplyAsync(() -> awaitThen(go, second), starters);
        go.countDown();

        assertThat(runA.join() + runB.join()).isEqualTo(60 * RECEIVERS.size());
        for (String r : RECEIVERS) {
            assertThat(fakes.get(r).calls()).as(r).containsExactlyElementsOf(expected);
        }
        assertThat(outbox.depthByReceiver()).isEmpty();
    }

    private static int awaitThen(CountDownLatch go, DispatchOutbox d) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return d.runOnce();
    }
}
