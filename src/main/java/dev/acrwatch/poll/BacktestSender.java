package dev.acrwatch.poll;

import dev.acrwatch.alert.AlertStatus;
import dev.acrwatch.alert.Notification;
import dev.acrwatch.notify.DeliveryResult;
import dev.acrwatch.notify.FailureReason;
import dev.acrwatch.notify.Notifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Delivers a backtest's notifications for real ({@code backtest --send}): each receiver gets its notifications in
 * timeline order, retryable failures are retried with a {@link RetryPolicy}, and a receiver that stays down is
 * counted and reported, never an exception. Receivers go one after another: a backtest is interactive, and
 * the policy's {@code maxAge} bounds what a down receiver costs.
 */
public final class BacktestSender {

    /**
     * 1 s, ×2, at most 10 s, give up 30 s after the first attempt. The daemon's 24 h would keep an interactive
     * command waiting on a receiver that is down; the age counts from the first attempt, since the
     * notifications themselves are dated in the replayed past.
     */
    public static final RetryPolicy RETRY =
            new RetryPolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10), Duration.ofSeconds(30));

    /** Waits between attempts; tests advance a simulated clock instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;

        Sleeper REAL = d -> Thread.sleep(d.toMillis());
    }

    /**
     * What one receiver got.
     *
     * @param skipped   resolved notifications its route does not want ({@code send_resolved: false})
     * @param lastError the last failure as {@code reason: message} (never a secret: notifiers keep URLs and
     *                  passwords out of their messages)
     */
    public record Delivery(String receiver, int delivered, int failed, int skipped, Optional<String> lastError) {}

    private final Map<String, Notifier> notifiers;
    private final Predicate<String> sendsResolved;
    private final RetryPolicy retry;
    private final Clock clock;
    private final Sleeper sleeper;

    /**
     * @param notifiers     configured receivers by name, in config order
     * @param sendsResolved whether a receiver's route wants resolved notifications ({@code send_resolved})
     */
    public BacktestSender(Map<String, Notifier> notifiers, Predicate<String> sendsResolved, RetryPolicy retry,
            Clock clock, Sleeper sleeper) {
        this.notifiers = new LinkedHashMap<>(notifiers);
        this.sendsResolved = Objects.requireNonNull(sendsResolved, "sendsResolved");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * How many notifications each receiver will be sent (resolved ones its route skips left out), receivers in
     * config order.
     */
    public Map<String, Integer> plan(List<Notification> notifications) {
        Map<String, Integer> out = new LinkedHashMap<>();
        byReceiver(notifications).forEach((receiver, list) -> {
            int n = (int) list.stream().filter(x -> !skips(x)).count();
            if (n > 0) {
                out.put(receiver, n);
            }
        });
        return out;
    }

    /** Sends every notification to its receiver; returns one line per receiver that had any, in config order. */
    public List<Delivery> send(List<Notification> notifications) {
        List<Delivery> out = new ArrayList<>();
        byReceiver(notifications).forEach((receiver, list) -> out.add(sendAll(receiver, list)));
        return out;
    }

    private Map<String, List<Notification>> byReceiver(List<Notification> notifications) {
        Map<String, List<Notification>> out = new LinkedHashMap<>();
        notifiers.keySet().forEach(r -> out.put(r, new ArrayList<>()));
        for (Notification n : notifications) {
            out.computeIfAbsent(n.receiver(), r -> new ArrayList<>()).add(n);
        }
        out.values().removeIf(List::isEmpty);
        return out;
    }

    private Delivery sendAll(String receiver, List<Notification> list) {
        Notifier notifier = notifiers.get(receiver);
        int delivered = 0;
        int failed = 0;
        int skipped = 0;
        Optional<String> lastError = Optional.empty();
        if (notifier == null) {
            return new Delivery(receiver, 0, list.size(), 0,
                    Optional.of("receiver \"" + receiver + "\" is not configured"));
        }
        boolean down = false;
        for (Notification n : list) {
            if (skips(n)) {
                skipped++;
                continue;
            }
            if (down) {
                // It stayed unreachable for the whole retry budget just now; do not spend it again per message.
                failed++;
                continue;
            }
            Attempt a = deliver(notifier, n);
            if (a.result().delivered()) {
                delivered++;
                continue;
            }
            failed++;
            String reason = a.result().reason().map(FailureReason::label).orElse("unknown");
            lastError = Optional.of(reason + ": " + a.result().message()
                    + (a.gaveUp() ? " (gave up after " + a.attempts() + " attempts)" : ""));
            down = a.gaveUp();
        }
        return new Delivery(receiver, delivered, failed, skipped, lastError);
    }

    private record Attempt(DeliveryResult result, int attempts, boolean gaveUp) {}

    private Attempt deliver(Notifier notifier, Notification n) {
        Instant first = clock.instant();
        for (int failures = 1; ; failures++) {
            DeliveryResult r = sendOnce(notifier, n);
            if (r.delivered() || !r.retryable()) {
                return new Attempt(r, failures, false);
            }
            Instant now = clock.instant();
            Optional<Instant> next = retry.nextAttempt(first, failures, now, r.retryAfter());
            if (next.isEmpty()) {
                return new Attempt(r, failures, true);
            }
            try {
                sleeper.sleep(Duration.between(now, next.get()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Attempt(r, failures, true);
            }
        }
    }

    private static DeliveryResult sendOnce(Notifier notifier, Notification n) {
        try {
            return notifier.send(n);
        } catch (RuntimeException e) {
            // The port promises not to throw; the exception's message may carry a URL or token, so only its type.
            return DeliveryResult.failed(FailureReason.SERVER_ERROR, true, "notifier threw " + e.getClass().getName());
        }
    }

    private boolean skips(Notification n) {
        return n.status() == AlertStatus.RESOLVED && !sendsResolved.test(n.receiver());
    }
}
