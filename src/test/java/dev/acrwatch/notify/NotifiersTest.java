package dev.acrwatch.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.alert.AlertStatus;
import dev.acrwatch.alert.Notification;
import dev.acrwatch.config.Secret;
import dev.acrwatch.notify.alertmanager.AlertmanagerNotifier;
import dev.acrwatch.notify.email.EmailNotifier;
import dev.acrwatch.notify.slack.SlackNotifier;
import dev.acrwatch.notify.webhook.WebhookNotifier;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NotifiersTest {

    private static final String SLACK_URL = "https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX";

    @Test
    void factoryBuildsTheNotifierForEachReceiverType() {
        NotifierDeps deps = Fixtures.deps();
        assertThat(Notifiers.create(new SlackReceiver("s", Secret.of(SLACK_URL)), deps))
                .isInstanceOf(SlackNotifier.class);
        assertThat(Notifiers.create(new WebhookReceiver("w", URI.create("http://127.0.0.1:1/")), deps))
                .isInstanceOf(WebhookNotifier.class);
        assertThat(Notifiers.create(new AlertmanagerReceiver("a", URI.create("http://127.0.0.1:1/")), deps))
                .isInstanceOf(AlertmanagerNotifier.class);
        assertThat(Notifiers.create(email(), deps)).isInstanceOf(EmailNotifier.class);
    }

    @Test
    void slackReceiverToStringRedactsTheWebhookUrl() {
        assertThat(new SlackReceiver("ops", Secret.of(SLACK_URL)).toString())
                .doesNotContain("XXXXSECRETXXXX", "hooks.slack.com").contains("<redacted>");
    }

    @Test
    void emailAndWebhookReceiverToStringRedactPasswordAndToken() {
        WebhookReceiver w = new WebhookReceiver("w", true, URI.create("http://127.0.0.1:1/"),
                Optional.of(Secret.of("tok-123456")), Timeouts.DEFAULT);
        assertThat(w.toString()).doesNotContain("tok-123456");
        assertThat(email().toString()).doesNotContain("pw-123456");
    }

    @Test
    void sendResolvedFalseDropsResolvedAlertsAndSkipsAnAllResolvedNotification() {
        List<Notification> seen = new ArrayList<>();
        Notifier filtered = Notifiers.withoutResolved("ops", n -> {
            seen.add(n);
            return DeliveryResult.delivered("ok");
        });
        DeliveryResult onlyResolved = filtered.send(
                Fixtures.notification(Fixtures.unauthorized(AlertStatus.RESOLVED, "sp")));
        assertThat(onlyResolved.delivered()).isTrue();
        assertThat(seen).isEmpty();

        filtered.send(Fixtures.notification(Fixtures.unauthorized(AlertStatus.RESOLVED, "sp"), Fixtures.firing("sp")));
        assertThat(seen).singleElement().satisfies(n ->
                assertThat(n.alerts()).extracting(a -> a.status()).containsExactly(AlertStatus.FIRING));
    }

    @Test
    void failedResultMustCarryAReasonAndDeliveredMustNot() {
        DeliveryResult r = DeliveryResult.failed(FailureReason.NETWORK, true, "x");
        assertThat(r.reason()).contains(FailureReason.NETWORK);
        assertThat(FailureReason.RATE_LIMITED.label()).isEqualTo("rate_limited");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DeliveryResult(true,
                Optional.of(FailureReason.NETWORK), false, Optional.empty(), "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static EmailReceiver email() {
        return new EmailReceiver("mail", true, "127.0.0.1", 25, EmailReceiver.SmtpSecurity.NONE,
                Optional.of("u"), Optional.of(Secret.of("pw-123456")), "acr-watch@example.com",
                List.of("sre@example.com"), List.of(), EmailReceiver.DEFAULT_SUBJECT, Timeouts.DEFAULT, Map.of());
    }
}
