package dev.acrwatch.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.store.Outbox;
import dev.acrwatch.store.Outbox.Entry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Two dispatcher loops started at the same moment, each on its own outbox (its own connections). */
final class DispatchRace {

    private DispatchRace() {
    }

    static void run(Outbox a, Outbox b, Map<String, List<String>> sent, Instant now, Duration lease) {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<Void> runA = CompletableFuture.runAsync(() -> loop(go, a, sent, now, lease), pool);
            CompletableFuture<Void> runB = CompletableFuture.runAsync(() -> loop(go, b, sent, now, lease), pool);
            go.countDown();
            runA.join();
            runB.join();
        } finally {
            pool.shutdownNow();
        }
    }

    private static void loop(CountDownLatch go, Outbox outbox, Map<String, List<String>> sent, Instant now,
            Duration lease) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        // each node keeps going until no receiver has work; a head held by the other node is simply skipped
        while (!outbox.receiversWithWork().isEmpty()) {
            for (String receiver : outbox.receiversWithWork()) {
                for (Entry e : outbox.claim(receiver, now, lease, 3)) {
                    List<String> calls = sent.get(receiver);
                    synchronized (calls) {
                        calls.add(e.dedupKey());
                    }
                    assertThat(outbox.markDelivered(e, now, Optional.empty())).isTrue();
                }
            }
        }
    }
}
