package dev.acrwatch.poll;

import dev.acrwatch.alert.AlertStatus;
import dev.acrwatch.notify.DeliveryResult;
import dev.acrwatch.notify.FailureReason;
import dev.acrwatch.notify.Notifier;
import dev.acrwatch.store.Outbox;
import dev.acrwatch.store.Outbox.Entry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Use case: send every due outbox entry to its receiver, with retries, once.
 *
 * <p>Receivers are drained concurrently on the executor the caller passes in (one task per receiver), so a
 * receiver that hangs until its timeout never delays another's deliveries. Within a receiver, entries go one at
 * a time in creation order, and the first failure ends that receiver's turn: the failed head waits for its
 * backoff and the entries behind it wait with it. So a down receiver costs at most one send timeout per run and
 * per thread, and with a pool smaller than the number of receivers the others are delayed by at most that.
 * {@code maxPerReceiverPerRun} bounds a healthy receiver's backlog in one run so a run always ends.
 *
 * <p>Each send is claimed in the {@link Outbox} first, so any number of dispatchers (nodes, or a restarted one)
 * may run at once: each entry is sent by one of them (see {@link Outbox} for the one crash window).
 */
public final class DispatchOutbox {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchOutbox.class);

    /** How long a claim lasts: longer than the slowest send, so a live node is not taken over. */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_PER_RECEIVER_PER_RUN = 200;

    private final Outbox outbox;
    private final Map<String, Notifier> notifiers;
    private final Predicate<String> sendsResolved;
    private final RetryPolicy retry;
    private final DispatchListener listener;
    private final Clock clock;
    private final Executor executor;
    private final Duration lease;
    private final int maxPerReceiverPerRun;

    /**
     * @param notifiers     configured receivers by name
     * @param sendsResolved whether a receiver wants resolved notifications ({@code send_resolved})
     * @param executor      bounded, owned by the caller; one task per receiver with work runs on it
     */
    public DispatchOutbox(Outbox outbox, Map<String, Notifier> notifiers, Predicate<String> sendsResolved,
            RetryPolicy retry, DispatchListener listener, Clock clock, Executor executor,
            Duration lease, int maxPerReceiverPerRun) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.notifiers = Map.copyOf(notifiers);
        this.sendsResolved = Objects.requireNonNull(sendsResolved, "sendsResolved");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.lease = Objects.requireNonNull(lease, "lease");
        if (lease.isNegative() || lease.isZero() || maxPerReceiverPerRun < 1) {
            throw new IllegalArgumentException("lease must be > 0 and maxPerReceiverPerRun >= 1");
        }
        this.maxPerReceiverPerRun = maxPerReceiverPerRun;
    }

    public DispatchOutbox(Outbox outbox, Map<String, Notifier> notifiers, Predicate<String> sendsResolved,
            RetryPolicy retry, DispatchListener listener, Clock clock, Executor executor) {
        this(outbox, notifiers, sendsResolved, retry, listener, clock, executor,
                DEFAULT_LEASE, DEFAULT_MAX_PER_RECEIVER_PER_RUN);
    }

    /**
     * Sends what is due now, receivers in parallel; returns when every receiver's turn has ended.
     *
     * @return how many entries were handled (delivered, failed, dead or skipped)
     */
    public int runOnce() {
        List<CompletableFuture<Integer>> turns = outbox.receiversWithWork().stream()
                .map(receiver -> CompletableFuture.supplyAsync(() -> drain(receiver), executor))
                .toList();
        try {
            CompletableFuture.allOf(turns.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            // a store failure in one receiver's turn; the others have finished theirs
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        return turns.stream().mapToInt(CompletableFuture::join).sum();
    }

    /** Entries not yet delivered or dead per receiver; configured receivers with none read 0 (for a gauge). */
    public Map<String, Integer> queueDepth() {
        Map<String, Integer> depth = new TreeMap<>();
        notifiers.keySet().forEach(r -> depth.put(r, 0));
        depth.putAll(outbox.depthByReceiver());
        return depth;
    }

    private int drain(String receiver) {
        int handled = 0;
        while (handled < maxPerReceiverPerRun) {
            List<Entry> claimed = outbox.claim(receiver, clock.instant(), lease, 1);
            if (claimed.isEmpty()) {
                break;
            }
            handled++;
            if (!handle(claimed.get(0))) {
                break;
            }
        }
        return handled;
    }

    /** Returns false when the receiver failed, which ends its turn so its queue stays in order. */
    private boolean handle(Entry e) {
        String receiver = e.receiver();
        Notifier notifier = notifiers.get(receiver);
        if (notifier == null) {
            String why = "receiver \"" + receiver + "\" is not configured; configured receivers: "
                    + new TreeSet<>(notifiers.keySet());
            confirm(outbox.markDead(e, why, false), e);
            LOG.error("outbox entry {} dead: {}", e.id(), why);
            listener.onAttempt(receiver, DispatchListener.Outcome.DEAD, Optional.empty());
            return true;
        }
        if (e.notification().status() == AlertStatus.RESOLVED && !sendsResolved.test(receiver)) {
            confirm(outbox.markDelivered(e, clock.instant(), Optional.of("skipped: send_resolved is false")), e);
            listener.onAttempt(receiver, DispatchListener.Outcome.SKIPPED, Optional.empty());
            return true;
        }
        DeliveryResult result = send(notifier, e);
        Instant now = clock.instant();
        if (result.delivered()) {
            confirm(outbox.markDelivered(e, now, Optional.empty()), e);
            listener.onAttempt(receiver, DispatchListener.Outcome.DELIVERED, Optional.empty());
            return true;
        }
        String reason = result.reason().map(FailureReason::label).orElse("unknown");
        if (!result.retryable()) {
            confirm(outbox.markDead(e, reason + ": " + result.message(), true), e);
            LOG.error("receiver {}: notification {} dead, not retryable: {}: {}",
                    receiver, e.id(), reason, result.message());
            listener.onAttempt(receiver, DispatchListener.Outcome.DEAD, result.reason());
            return true;
        }
        int failures = e.attempts() + 1;
        Optional<Instant> next = retry.nextAttempt(e.createdAt(), failures, now, result.retryAfter());
        if (next.isEmpty()) {
            confirm(outbox.markDead(e, "gave up after " + failures + " attempts over " + retry.maxAge()
                    + ", last: " + reason + ": " + result.message(), true), e);
            LOG.error("receiver {}: notification {} dead after {} attempts over {}: {}: {}",
                    receiver, e.id(), failures, retry.maxAge(), reason, result.message());
            listener.onAttempt(receiver, DispatchListener.Outcome.DEAD, result.reason());
            return false;
        }
        confirm(outbox.markFailed(e, result, next.get()), e);
        LOG.warn("receiver {}: notification {} attempt {} failed: {}: {}; next attempt at {}",
                receiver, e.id(), failures, reason, result.message(), next.get());
        listener.onAttempt(receiver, DispatchListener.Outcome.FAILED, result.reason());
        return false;
    }

    private static DeliveryResult send(Notifier notifier, Entry e) {
        try {
            return notifier.send(e.notification());
        } catch (RuntimeException ex) {
            // the port promises not to throw; a bug should cost a retry, not the notification.
            // The exception's message may carry a URL or token, so only its type is kept.
            return DeliveryResult.failed(FailureReason.SERVER_ERROR, true,
                    "notifier threw " + ex.getClass().getName());
        }
    }

    private static void confirm(boolean applied, Entry e) {
        if (!applied) {
            LOG.warn("outbox entry {} for receiver {}: lease expired before the result was recorded; "
                    + "another node may send it again", e.id(), e.receiver());
        }
    }
}
