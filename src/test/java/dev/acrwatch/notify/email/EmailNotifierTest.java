package dev.acrwatch.notify.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.acrwatch.alert.AlertSnapshot;
import dev.acrwatch.alert.AlertStatus;
import dev.acrwatch.alert.Contributor;
import dev.acrwatch.config.Secret;
import dev.acrwatch.alert.Notification;
import dev.acrwatch.notify.DeliveryResult;
import dev.acrwatch.notify.EmailReceiver;
import dev.acrwatch.notify.EmailReceiver.SmtpSecurity;
import dev.acrwatch.notify.FailureReason;
import dev.acrwatch.notify.Fixtures;
import dev.acrwatch.notify.Timeouts;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmailNotifierTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(loopback(ServerSetup.PROTOCOL_SMTP))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@example.com", "alerts", "s3cret"));

    private static final Timeouts FAST = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));

    static EmailReceiver receiver(int port, SmtpSecurity security, Optional<String> user, Optional<Secret> password,
                                  Map<String, String> props) {
        return new EmailReceiver("sre-mail", true, "127.0.0.1", port, security, user, password,
                "acr-watch@example.com", List.of("sre@example.com", "oncall@example.com"),
                List.of("lead@example.com"), EmailReceiver.DEFAULT_SUBJECT, FAST, props);
    }

    static EmailReceiver plain(int port) {
        return receiver(port, SmtpSecurity.NONE, Optional.empty(), Optional.empty(), Map.of());
    }

    @Test
    void theSameNotificationAlwaysCarriesTheSameMessageIdSoAResendThreadsAsOne() throws Exception {
        Notification n = Fixtures.notification(Fixtures.firing("sp-ci"));
        EmailNotifier notifier = new EmailNotifier(plain(smtp.getSmtp().getPort()), Fixtures.deps());
        assertThat(notifier.send(n).delivered()).isTrue();
        assertThat(notifier.send(n).delivered()).isTrue();
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(6); // two sends, one copy per recipient (to and cc)
        assertThat(received[0].getMessageID()).isEqualTo(received[3].getMessageID())
                .isEqualTo(EmailNotifier.messageId(n)).matches("<[0-9a-f]{32}@acr-watch>");
    }

    @Test
    void plainSmtpDeliversSubjectRecipientsAndBothParts() throws Exception {
        DeliveryResult r = new EmailNotifier(plain(smtp.getSmtp().getPort()), Fixtures.deps())
                .send(Fixtures.notification(Fixtures.firing("sp-build")));
        assertThat(r.delivered()).as(r.message()).isTrue();

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(3); // one copy per recipient, to and cc
        MimeMessage m = received[0];
        assertThat(m.getSubject()).isEqualTo("[FIRING] acr-watch: unauthorized on myreg: 42 unauthorized (401) requests in 5m, threshold 10");
        assertThat(addresses(m.getRecipients(Message.RecipientType.TO)))
                .containsExactly("sre@example.com", "oncall@example.com");
        assertThat(addresses(m.getRecipients(Message.RecipientType.CC))).containsExactly("lead@example.com");
        assertThat(addresses(m.getFrom())).containsExactly("acr-watch@example.com");

        MimeMultipart alt = (MimeMultipart) m.getContent();
        assertThat(alt.getContentType()).startsWith("multipart/alternative");
        assertThat(alt.getCount()).isEqualTo(2);
        assertThat(alt.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(alt.getBodyPart(1).getContentType()).startsWith("text/html");
        String text = body(alt, 0);
        assertThat(text)
                .contains("[FIRING] unauthorized on myreg: 42 unauthorized (401) requests in 5m, threshold 10")
                .contains("First seen: 2026-11-23T20:50:00Z")
                .contains("      30  sp-build", "      40  203.0.113.7", "      41  team/api")
                .contains("RUNBOOK", "az ad sp credential list --id sp-build -o table")
                .contains(Fixtures.KQL)
                .contains("Grafana:    https://grafana.example.com/d/acr/acr-watch?var-registry=myreg")
                .doesNotContain("<p>", "<b>");
        String html = body(alt, 1);
        assertThat(html).contains("<h3>Runbook</h3>", "<pre><code>az ad sp credential list --id sp-build",
                "<a href=\"https://grafana.example.com/d/acr/acr-watch?var-registry=myreg&amp;from=",
                "ContainerRegistryLoginEvents\n| where ResultDescription == &quot;401&quot;");
    }

    @Test
    void hostileIdentityIsHtmlEscapedInTheHtmlPartAndLeftReadableInTheTextPart() throws Exception {
        new EmailNotifier(plain(smtp.getSmtp().getPort()), Fixtures.deps())
                .send(Fixtures.notification(Fixtures.firing(Fixtures.HOSTILE_HTML)));
        MimeMultipart alt = (MimeMultipart) smtp.getReceivedMessages()[0].getContent();
        String html = body(alt, 1);
        assertThat(html).doesNotContain("<script>", "alert(\"x\")", "& co")
                .contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co");
        String text = body(alt, 0);
        assertThat(text).contains(Fixtures.HOSTILE_HTML);
    }

    @Test
    void crLfInLogValuesCannotInjectHeadersOrRecipients() throws Exception {
        AlertSnapshot base = Fixtures.firing(Fixtures.HEADER_INJECTION);
        String hostileRule = "rule\r\nBcc: evil@x";
        AlertSnapshot hostile = new AlertSnapshot(hostileRule, base.ruleType(), base.status(), base.severity(),
                Map.of("rule", hostileRule, "registry", "myreg.azurecr.io",
                        "class", "unauthorized\r\nBcc: evil2@x"),
                Map.of(), base.value(), base.threshold(), base.window(), base.startsAt(), base.endsAt(),
                base.firstSeen(), base.lastSeen(), base.topIdentities(), base.topCallerIps(),
                base.topRepositories(), base.kql());
        EmailReceiver r = new EmailReceiver("sre-mail", true, "127.0.0.1", smtp.getSmtp().getPort(),
                SmtpSecurity.NONE, Optional.empty(), Optional.empty(), "acr-watch@example.com",
                List.of("sre@example.com"), List.of(), "[{status}] {rule} {class}", FAST, Map.of());
        assertThat(new EmailNotifier(r, Fixtures.deps()).send(Fixtures.notification(hostile)).delivered()).isTrue();

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage m = received[0];
        assertThat(m.getHeader("Bcc")).isNull();
        assertThat(m.getSubject()).doesNotContain("\r", "\n")
                .isEqualTo("[FIRING] rule  Bcc: evil@x unauthorized  Bcc: evil2@x");
        assertThat(addresses(m.getAllRecipients())).containsExactly("sre@example.com");
    }

    @Test
    void longSubjectIsCapped() throws Exception {
        EmailReceiver r = new EmailReceiver("sre-mail", true, "127.0.0.1", smtp.getSmtp().getPort(),
                SmtpSecurity.NONE, Optional.empty(), Optional.empty(), "acr-watch@example.com",
                List.of("sre@example.com"), List.of(), "{rule}", FAST, Map.of());
        AlertSnapshot b = Fixtures.firing("sp");
        AlertSnapshot longRule = new AlertSnapshot("x".repeat(1000), b.ruleType(), b.status(), b.severity(),
                b.labels(), Map.of(), b.value(), b.threshold(), b.window(), b.startsAt(), b.endsAt(), b.firstSeen(),
                b.lastSeen(), List.of(new Contributor("sp", 1)), List.of(), List.of(), Optional.empty());
        new EmailNotifier(r, Fixtures.deps()).send(Fixtures.notification(longRule));
        assertThat(smtp.getReceivedMessages()[0].getSubject()).hasSize(EmailContent.MAX_SUBJECT).endsWith("…");
    }

    @Test
    void severalAlertsBecomeOneEmailListingEach() throws Exception {
        new EmailNotifier(plain(smtp.getSmtp().getPort()), Fixtures.deps()).send(Fixtures.notification(
                Fixtures.firing("sp-a"), Fixtures.unauthorized(AlertStatus.RESOLVED, "sp-b")));
        MimeMessage m = smtp.getReceivedMessages()[0];
        assertThat(m.getSubject()).endsWith("(+1 more)");
        String text = body((MimeMultipart) m.getContent(), 0);
        assertThat(text).contains("[FIRING] unauthorized on myreg: 42", "[RESOLVED] unauthorized on myreg: resolved,",
                "At resolve: 3 (threshold 10, window 5m)");
    }

    @Test
    void authenticatedSendWithTheRightPasswordIsDelivered() {
        EmailReceiver r = receiver(smtp.getSmtp().getPort(), SmtpSecurity.NONE, Optional.of("alerts"),
                Optional.of(Secret.of("s3cret")), Map.of());
        DeliveryResult result = new EmailNotifier(r, Fixtures.deps()).send(Fixtures.notification(Fixtures.firing("sp")));
        assertThat(result.delivered()).as(result.message()).isTrue();
        assertThat(smtp.getReceivedMessages()).hasSize(3);
    }

    @Test
    void wrongPasswordIsAnAuthErrorNotRetriedAndThePasswordIsNotInTheMessage() {
        EmailReceiver r = receiver(smtp.getSmtp().getPort(), SmtpSecurity.NONE, Optional.of("alerts"),
                Optional.of(Secret.of("wrong-pw-123")), Map.of());
        DeliveryResult result = new EmailNotifier(r, Fixtures.deps()).send(Fixtures.notification(Fixtures.firing("sp")));
        assertThat(result.reason()).contains(FailureReason.AUTH_ERROR);
        assertThat(result.retryable()).isFalse();
        assertThat(result.message()).doesNotContain("wrong-pw-123");
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void starttlsIsRequiredWhenChosenSoAServerWithoutItGetsNothing() {
        // this GreenMail server does not offer STARTTLS: sending in clear instead would leak the alert and password
        EmailReceiver r = receiver(smtp.getSmtp().getPort(), SmtpSecurity.STARTTLS, Optional.empty(), Optional.empty(),
                Map.of("mail.smtp.starttls.required", "false"));
        DeliveryResult result = new EmailNotifier(r, Fixtures.deps()).send(Fixtures.notification(Fixtures.firing("sp")));
        assertThat(result.delivered()).isFalse();
        assertThat(result.reason()).contains(FailureReason.CLIENT_ERROR);
        assertThat(result.retryable()).isFalse();
        assertThat(result.message()).contains("STARTTLS");
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void serverDownIsARetryableNetworkFailureThenDeliveredOnceItIsUp() throws Exception {
        int port = freePort();
        EmailNotifier notifier = new EmailNotifier(plain(port), Fixtures.deps());

        DeliveryResult down = notifier.send(Fixtures.notification(Fixtures.firing("sp")));
        assertThat(down.reason()).contains(FailureReason.NETWORK);
        assertThat(down.retryable()).isTrue();

        ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        setup.setServerStartupTimeout(15_000);
        GreenMail late = new GreenMail(setup);
        late.start();
        try {
            DeliveryResult up = notifier.send(Fixtures.notification(Fixtures.firing("sp")));
            assertThat(up.delivered()).as(up.message()).isTrue();
            assertThat(late.getReceivedMessages()).hasSize(3);
        } finally {
            late.stop();
        }
    }

    /** A loopback server on a free port; the machine is shared, so startup gets more than GreenMail's 2 s. */
    static ServerSetup loopback(String protocol) {
        ServerSetup setup = new ServerSetup(0, "127.0.0.1", protocol).dynamicPort();
        setup.setServerStartupTimeout(15_000);
        return setup;
    }

    /** Body text with SMTP's CRLF line ends turned back into LF. */
    static String body(MimeMultipart alt, int part) throws Exception {
        return ((String) alt.getBodyPart(part).getContent()).replace("\r\n", "\n");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static List<String> addresses(Address[] a) {
        return a == null ? Collections.emptyList() : Arrays.stream(a).map(Address::toString).toList();
    }
}
