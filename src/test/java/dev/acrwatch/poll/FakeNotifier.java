package dev.acrwatch.poll;

import dev.acrwatch.alert.Notification;
import dev.acrwatch.notify.DeliveryResult;
import dev.acrwatch.notify.Notifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** A receiver that records what it was sent and answers from a script, or from a default once that runs out. */
final class FakeNotifier implements Notifier {

    private final List<String> calls = new ArrayList<>();
    private final Deque<DeliveryResult> script = new ArrayDeque<>();
    private volatile Supplier<DeliveryResult> otherwise = () -> DeliveryResult.delivered("ok");
    private volatile CountDownLatch gate = new CountDownLatch(0);

    static FakeNotifier delivering() {
        return new FakeNotifier();
    }

    /** Answers these, in order, then the default. */
    synchronized FakeNotifier then(DeliveryResult... results) {
        script.addAll(List.of(results));
        return this;
    }

    FakeNotifier otherwise(DeliveryResult result) {
        otherwise = () -> result;
        return this;
    }

    /** Every send waits here until {@link #open}, like a receiver that hangs until its timeout. */
    FakeNotifier hangUntilOpened() {
        gate = new CountDownLatch(1);
        return this;
    }

    void open() {
        gate.countDown();
    }

    @Override
    public DeliveryResult send(Notification notification) {
        synchronized (this) {
            calls.add(notification.dedupKey());
        }
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("test never opened the gate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            DeliveryResult next = script.poll();
            return next != null ? next : otherwise.get();
        }
    }

    /** Dedup keys in the order they were sent. */
    synchronized List<String> calls() {
        return List.copyOf(calls);
    }
}
