package dev.acrwatch.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.cli.DemoCommand;
import dev.acrwatch.config.AlertingConfig;
import dev.acrwatch.notify.EmailReceiver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoAlertingTest {

    @Test
    void emailGoesToTheEmbeddedServerUnlessAnOutsideOneIsGiven() throws Exception {
        try (DemoSinks sinks = DemoSinks.start(null, null)) {
            EmailReceiver embedded = email(DemoAlerting.config(sinks, 20, Optional.empty()));
            assertThat(embedded.host()).isEqualTo("127.0.0.1");
            assertThat(embedded.port()).isEqualTo(sinks.smtpPort());
            EmailReceiver mailpit = email(DemoAlerting.config(sinks, 20, Optional.of("mailpit:1025")));
            assertThat(mailpit.host()).isEqualTo("mailpit");
            assertThat(mailpit.port()).isEqualTo(1025);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(doubles = {1, 20, 37, 100, 200, 300, 10_000})
    void everyAllowedSpeedGivesAValidBlindDelayOfAtLeastTenRealSeconds(double speed) throws Exception {
        try (DemoSinks sinks = DemoSinks.start(null, null)) {
            AlertingConfig cfg = DemoAlerting.config(sinks, speed, Optional.empty());
            assertThat(cfg.blindAfter().toSecondsPart()).isZero();
            assertThat(cfg.blindAfter().toMillis() / speed).isGreaterThanOrEqualTo(10_000 - 1);
            new dev.acrwatch.alert.BlindDetector(cfg.blindAfter(), java.util.List.of()); // accepts it
        }
    }

    @Test
    void aMalformedSmtpOptionIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true));
        try {
            assertThat(new CommandLine(new DemoCommand()).execute("--smtp", "mailpit 1025")).isEqualTo(2);
        } finally {
            System.setErr(old);
        }
        assertThat(err.toString()).contains("--smtp: expected HOST:PORT like mailpit:1025, found \"mailpit 1025\"");
    }

    private static EmailReceiver email(AlertingConfig cfg) {
        return cfg.receivers().stream().filter(r -> r instanceof EmailReceiver).map(r -> (EmailReceiver) r)
                .findFirst().orElseThrow();
    }
}
