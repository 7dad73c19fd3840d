package dev.acrwatch.notify.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.acrwatch.notify.DeliveryResult;
import dev.acrwatch.notify.EmailReceiver;
import dev.acrwatch.notify.EmailReceiver.SmtpSecurity;
import dev.acrwatch.notify.FailureReason;
import dev.acrwatch.notify.Fixtures;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmailNotifierSmtpsTest {

    @RegisterExtension
    static GreenMailExtension smtps = new GreenMailExtension(EmailNotifierTest.loopback(ServerSetup.PROTOCOL_SMTPS));

    private static EmailReceiver receiver(Map<String, String> props) {
        return EmailNotifierTest.receiver(smtps.getSmtps().getPort(), SmtpSecurity.SMTPS, Optional.empty(),
                Optional.empty(), props);
    }

    @Test
    void smtpsWithTheServerCertificateTrustedIsDelivered() throws Exception {
        // GreenMail's test certificate has no subject alternative name for 127.0.0.1, so only this test
        // turns the host name check off; trust is still limited to the one host
        EmailReceiver r = receiver(Map.of("mail.smtps.ssl.trust", "127.0.0.1", "mail.smtps.ssl.checkserveridentity", "false"));
        DeliveryResult result = new EmailNotifier(r, Fixtures.deps()).send(Fixtures.notification(Fixtures.firing("sp")));
        assertThat(result.delivered()).as(result.message()).isTrue();
        assertThat(smtps.getReceivedMessages()).hasSize(3);
        assertThat(smtps.getReceivedMessages()[0].getSubject()).startsWith("[FIRING] acr-watch: unauthorized");
    }

    @Test
    void smtpsWithAnUntrustedCertificateFailsWithoutRetry() {
        EmailReceiver r = receiver(Map.of());
        DeliveryResult result = new EmailNotifier(r, Fixtures.deps()).send(Fixtures.notification(Fixtures.firing("sp")));
        assertThat(result.delivered()).isFalse();
        assertThat(result.reason()).contains(FailureReason.CLIENT_ERROR);
        assertThat(result.retryable()).isFalse();
        assertThat(result.message()).contains("TLS");
        assertThat(smtps.getReceivedMessages()).isEmpty();
    }

}
