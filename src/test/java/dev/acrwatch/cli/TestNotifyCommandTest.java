package dev.acrwatch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.acrwatch.config.AlertingConfig;
import dev.acrwatch.config.ConfigException;
import dev.acrwatch.config.Secret;
import dev.acrwatch.notify.EmailReceiver;
import dev.acrwatch.notify.ReceiverConfig;
import dev.acrwatch.notify.SlackReceiver;
import dev.acrwatch.notify.Timeouts;
import jakarta.mail.internet.MimeMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

class TestNotifyCommandTest {

    private static final String SLACK_PATH = "/services/T0001/B0001/s3cr3tT0k3nXYZ";
    private static final Timeouts FAST = new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T21:00:00Z"), ZoneOffset.UTC);

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(loopbackSmtp());

    @RegisterExtension
    static WireMockExtension slack = WireMockExtension.newInstance()
            .options(options().bindAddress("127.0.0.1").dynamicPort()).build();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private static ServerSetup loopbackSmtp() {
        ServerSetup setup = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort();
        setup.setServerStartupTimeout(15_000);
        return setup;
    }

    private static EmailReceiver email(int port) {
        return new EmailReceiver("sre-mail", true, "127.0.0.1", port, EmailReceiver.SmtpSecurity.NONE,
                Optional.empty(), Optional.empty(), "acr-watch@example.com", List.of("sre@example.com"), List.of(),
                EmailReceiver.DEFAULT_SUBJECT, FAST, Map.of());
    }

    private static SlackReceiver slackReceiver() {
        return new SlackReceiver("ops-slack", true, Secret.of("http://127.0.0.1:" + slack.getPort() + SLACK_PATH), FAST);
    }

    private static AlertingConfig alerting(ReceiverConfig... receivers) {
        AlertingConfig none = AlertingConfig.none();
        return new AlertingConfig(List.of(), List.of(receivers), List.of(), List.of(), none.inhibitRules(),
                none.repeatInterval(), none.blindAfter(), none.evaluationInterval(), Optional.empty(), Optional.empty());
    }

    private int run(AlertingConfig config, String receiver) {
        CommandLine cmd = new CommandLine(new TestNotifyCommand(file -> config, CLOCK));
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute("--config", "acr-watch.yaml", "--receiver", receiver);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void emailReceiverGetsALabelledTestAlertAndExitsZero() throws Exception {
        int code = run(alerting(email(smtp.getSmtp().getPort()), slackReceiver()), "sre-mail");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("delivered");
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getSubject()).isEqualTo("[TEST] [FIRING] acr-watch: unauthorized on example: 42 unauthorized (401) requests in 5m, threshold 10");
        assertThat(GreenMailUtil.getBody(received[0])).contains("acr-watch-test-notification")
                .contains("example.azurecr.io");
    }

    @Test
    void slackReceiverGetsTheTestAlertAndExitsZero() {
        slack.stubFor(post(SLACK_PATH).willReturn(aResponse().withStatus(200).withBody("ok")));

        int code = run(alerting(email(closedPortUnchecked()), slackReceiver()), "ops-slack");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("delivered");
        var requests = slack.findAll(postRequestedFor(urlEqualTo(SLACK_PATH)));
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).getBodyAsString()).contains("[FIRING] unauthorized on example")
                .contains("acr-watch-test-notification");
    }

    @Test
    void slackAnsweringWithAnErrorExitsOneWithTheReason() {
        slack.stubFor(post(SLACK_PATH).willReturn(aResponse().withStatus(500).withBody("oops")));

        int code = run(alerting(slackReceiver()), "ops-slack");

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).startsWith("failed (server_error, retryable): ").doesNotContain("s3cr3tT0k3nXYZ");
    }

    @Test
    void smtpServerDownExitsOneWithNetworkReason() throws Exception {
        int code = run(alerting(email(closedPort())), "sre-mail");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("failed (network, retryable): ");
    }

    @Test
    void unknownReceiverExitsOneListingTheConfiguredNames() {
        int code = run(alerting(email(25), slackReceiver()), "pager");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("--receiver: no receiver \"pager\" in acr-watch.yaml; configured:"
                + " \"sre-mail\", \"ops-slack\"" + System.lineSeparator());
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void noReceiversConfiguredSaysSo() {
        assertThat(run(alerting(), "pager")).isEqualTo(1);

        assertThat(err.toString()).contains("no receivers are configured");
    }

    @Test
    void invalidConfigExitsOneWithItsProblems() {
        CommandLine cmd = new CommandLine(new TestNotifyCommand(file -> {
            throw new ConfigException(file.toString(), List.of("alerting.receivers[0].to: at least one address"));
        }, CLOCK));
        cmd.setErr(new PrintWriter(err));

        assertThat(cmd.execute("--config", "bad.yaml", "--receiver", "x")).isEqualTo(1);
        assertThat(err.toString()).contains("alerting.receivers[0].to: at least one address");
    }

    private static int closedPortUnchecked() {
        try {
            return closedPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
