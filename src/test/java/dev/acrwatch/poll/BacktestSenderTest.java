package dev.acrwatch.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.alert.AlertStatus;
import dev.acrwatch.alert.Notification;
import dev.acrwatch.notify.DeliveryResult;
import dev.acrwatch.notify.FailureReason;
import dev.acrwatch.notify.Fixtures;
import dev.acrwatch.notify.Notifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.junit.jupiter.api.Test;

class BacktestSenderTest {

    private final SimulatedClock clock = new SimulatedClock(Instant.parse("2026-11-24T08:00:00Z"));
    private final List<Duration> slept = new ArrayList<>();
    private final BacktestSender.Sleeper sleeper = d -> {
        slept.add(d);
        clock.set(clock.instant().plus(d));
    };

    private static Notification to(String receiver, AlertStatus status, String dedup) {
        Notification n = Fixtures.notification(Fixtures.unauthorized(status, "sp-ci"));
        return new Notification(dedup, receiver, n.groupKey(), n.groupLabels(), n.alerts(), n.createdAt());
    }

    /** Answers from a script, then delivers; records what it was sent. */
    private static class Scripted implements Notifier {
        final Deque<DeliveryResult> script = new ConcurrentLinkedDeque<>();
        final List<String> sent = new ArrayList<>();

        Scripted(DeliveryResult... answers) {
            script.addAll(List.of(answers));
        }

        @Override
        public DeliveryResult send(Notification n) {
            sent.add(n.dedupKey());
            DeliveryResult r = script.poll();
            return r == null ? DeliveryResult.delivered("ok") : r;
        }
    }

    private BacktestSender sender(Map<String, Notifier> notifiers, Map<String, Boolean> sendResolved) {
        return new BacktestSender(notifiers, r -> sendResolved.getOrDefault(r, true), BacktestSender.RETRY, clock,
                sleeper);
    }

    @Test
    void everyNotificationGoesToItsReceiverInOrderAndResolvedOnesAreSkippedWhereTheRouteSaysSo() {
        Scripted slack = new Scripted();
        Scripted mail = new Scripted();
        Map<String, Notifier> notifiers = new LinkedHashMap<>();
        notifiers.put("slack", slack);
        notifiers.put("mail", mail);
        List<Notification> ns = List.of(to("slack", AlertStatus.FIRING, "a"), to("mail", AlertStatus.FIRING, "b"),
                to("slack", AlertStatus.RESOLVED, "c"), to("mail", AlertStatus.RESOLVED, "d"));
        BacktestSender s = sender(notifiers, Map.of("mail", false));

        assertThat(s.plan(ns)).containsExactly(Map.entry("slack", 2), Map.entry("mail", 1));
        assertThat(s.send(ns)).containsExactly(
                new BacktestSender.Delivery("slack", 2, 0, 0, Optional.empty()),
                new BacktestSender.Delivery("mail", 1, 0, 1, Optional.empty()));
        assertThat(slack.sent).containsExactly("a", "c");
        assertThat(mail.sent).containsExactly("b");
        assertThat(slept).isEmpty();
    }

    @Test
    void aRetryableFailureIsRetriedAfterTheBackoffThenDelivered() {
        Scripted slack = new Scripted(DeliveryResult.failed(FailureReason.SERVER_ERROR, true, "HTTP 503"),
                DeliveryResult.rateLimited(Optional.of(Duration.ofSeconds(5)), "HTTP 429"));

        List<BacktestSender.Delivery> d = sender(Map.of("slack", slack), Map.of())
                .send(List.of(to("slack", AlertStatus.FIRING, "a")));

        assertThat(d).containsExactly(new BacktestSender.Delivery("slack", 1, 0, 0, Optional.empty()));
        assertThat(slack.sent).containsExactly("a", "a", "a");
        // 1 s backoff, then the receiver's Retry-After of 5 s beats the 2 s backoff.
        assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    @Test
    void aReceiverThatStaysDownIsReportedOnceItsRetryBudgetIsSpentAndTheOthersStillGetTheirs() {
        Scripted down = new Scripted() {
            @Override
            public DeliveryResult send(Notification n) {
                sent.add(n.dedupKey());
                return DeliveryResult.failed(FailureReason.NETWORK, true, "connection refused");
            }
        };
        Scripted slack = new Scripted();
        Map<String, Notifier> notifiers = new LinkedHashMap<>();
        notifiers.put("mail", down);
        notifiers.put("slack", slack);

        List<BacktestSender.Delivery> d = sender(notifiers, Map.of()).send(List.of(
                to("mail", AlertStatus.FIRING, "a"), to("slack", AlertStatus.FIRING, "b"),
                to("mail", AlertStatus.RESOLVED, "c")));

        assertThat(d).containsExactly(
                new BacktestSender.Delivery("mail", 0, 2, 0,
                        Optional.of("network: connection refused (gave up after 7 attempts)")),
                new BacktestSender.Delivery("slack", 1, 0, 0, Optional.empty()));
        // Attempts at 0, 1, 3, 7, 15, 25 and 35 s: the 30 s budget is spent, the next message is not tried.
        assertThat(down.sent).containsExactly("a", "a", "a", "a", "a", "a", "a");
        assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8), Duration.ofSeconds(10), Duration.ofSeconds(10));
        assertThat(slack.sent).containsExactly("b");
    }

    @Test
    void aFailureNotWorthRetryingCountsOnceAndTheNextNotificationIsStillTried() {
        Scripted slack = new Scripted(DeliveryResult.failed(FailureReason.CLIENT_ERROR, false, "HTTP 400 invalid_payload"));

        List<BacktestSender.Delivery> d = sender(Map.of("slack", slack), Map.of())
                .send(List.of(to("slack", AlertStatus.FIRING, "a"), to("slack", AlertStatus.FIRING, "b")));

        assertThat(d).containsExactly(new BacktestSender.Delivery("slack", 1, 1, 0,
                Optional.of("client_error: HTTP 400 invalid_payload")));
        assertThat(slack.sent).containsExactly("a", "b");
        assertThat(slept).isEmpty();
    }

    @Test
    void aNotifierThatThrowsIsAFailureNotACrashAndItsMessageIsNotShown() {
        Notifier broken = n -> {
            throw new IllegalStateException("https://hooks.example/T000/SECRET");
        };

        List<BacktestSender.Delivery> d = sender(Map.of("slack", broken), Map.of())
                .send(List.of(to("slack", AlertStatus.FIRING, "a")));

        assertThat(d).singleElement().satisfies(x -> {
            assertThat(x.failed()).isEqualTo(1);
            assertThat(x.lastError().orElseThrow()).startsWith("server_error: notifier threw java.lang.IllegalStateException")
                    .doesNotContain("SECRET");
        });
    }
}
