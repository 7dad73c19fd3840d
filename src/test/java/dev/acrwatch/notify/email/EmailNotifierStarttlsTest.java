package dev.acrwatch.notify.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.notify.DeliveryResult;
import dev.acrwatch.notify.EmailReceiver;
import dev.acrwatch.notify.EmailReceiver.SmtpSecurity;
import dev.acrwatch.notify.FailureReason;
import dev.acrwatch.notify.Fixtures;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** STARTTLS and SMTP reply codes, against {@link ScriptedSmtpServer} (GreenMail 2.1 offers no STARTTLS). */
class EmailNotifierStarttlsTest {

    // GreenMail's test certificate names no 127.0.0.1, so the host name check is off here only; trust is per host
    private static final Map<String, String> TRUST_TEST_CERT =
            Map.of("mail.smtp.ssl.trust", "127.0.0.1", "mail.smtp.ssl.checkserveridentity", "false");

    private static EmailReceiver receiver(int port, SmtpSecurity security) {
        return EmailNotifierTest.receiver(port, security, Optional.empty(), Optional.empty(), TRUST_TEST_CERT);
    }

    @Test
    void starttlsUpgradesTheConnectionBeforeTheMessageIsSent() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(true, "250 OK")) {
            DeliveryResult r = new EmailNotifier(receiver(server.port(), SmtpSecurity.STARTTLS), Fixtures.deps())
                    .send(Fixtures.notification(Fixtures.firing("sp")));
            assertThat(r.delivered()).as(r.message()).isTrue();
            assertThat(server.received()).singleElement().satisfies(m -> {
                assertThat(m.overTls()).isTrue();
                assertThat(m.recipients()).containsExactly("<sre@example.com>", "<oncall@example.com>",
                        "<lead@example.com>");
                assertThat(m.data()).contains("Subject: [FIRING] acr-watch: unauthorized on myreg: 42 unauthorized (401)");
            });
        }
    }

    @Test
    void transientRecipientRejectionIsARetryableServerError() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(false, "450 4.2.1 mailbox busy")) {
            DeliveryResult r = new EmailNotifier(receiver(server.port(), SmtpSecurity.NONE), Fixtures.deps())
                    .send(Fixtures.notification(Fixtures.firing("sp")));
            assertThat(r.reason()).contains(FailureReason.SERVER_ERROR);
            assertThat(r.retryable()).isTrue();
            assertThat(r.message()).contains("SMTP 450");
            assertThat(server.received()).isEmpty();
        }
    }

    @Test
    void permanentRecipientRejectionIsAClientErrorNotRetried() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(false, "550 5.1.1 no such user")) {
            DeliveryResult r = new EmailNotifier(receiver(server.port(), SmtpSecurity.NONE), Fixtures.deps())
                    .send(Fixtures.notification(Fixtures.firing("sp")));
            assertThat(r.reason()).contains(FailureReason.CLIENT_ERROR);
            assertThat(r.retryable()).isFalse();
            assertThat(r.message()).contains("SMTP 550");
        }
    }
}
