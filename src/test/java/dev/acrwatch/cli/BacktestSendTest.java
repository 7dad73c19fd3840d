package dev.acrwatch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.acrwatch.poll.BacktestSender;
import jakarta.mail.internet.MimeMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** backtest --send against a real SMTP server (GreenMail) and a Slack webhook (WireMock), both on loopback. */
class BacktestSendTest {

    private static final String SLACK_PATH = "/services/T000/B000/backtest";

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(loopbackSmtp());

    @RegisterExtension
    static WireMockExtension slack = WireMockExtension.newInstance()
            .options(options().bindAddress("127.0.0.1").dynamicPort()).build();

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<Duration> slept = new ArrayList<>();

    /** Real time is only needed for message dates; retries advance this clock instead of sleeping. */
    private static final class SteppedClock extends Clock {
        private Instant now = Instant.parse("2026-11-24T08:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final SteppedClock clock = new SteppedClock();

    private static ServerSetup loopbackSmtp() {
        ServerSetup setup = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort();
        setup.setServerStartupTimeout(15_000);
        return setup;
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private String config(int smtpPort) {
        return """
                workspaces:
                  - {name: prod, id: 11111111-2222-3333-4444-555555555555}
                alerting:
                  receivers:
                    - {name: slack, type: slack, url: "http://127.0.0.1:%d%s", group_wait: 0s, group_interval: 1m}
                    - name: mail
                      type: email
                      host: 127.0.0.1
                      port: %d
                      security: none
                      from: acr-watch@example.com
                      to: [sre@example.com]
                      send_resolved: false
                      group_wait: 0s
                      group_interval: 1m
                  rules:
                    - name: auth_failures
                      type: threshold
                      filter: {tables: [login], classes: [unauthorized]}
                      window: 5m
                      threshold: 11
                      group_by: [registry]
                      severity: critical
                      receivers: [slack, mail]
                """.formatted(slack.getPort(), SLACK_PATH, smtpPort);
    }

    private int run(String config, String... extra) throws Exception {
        Path c = tmp.resolve("c.yaml");
        Files.writeString(c, config);
        Path events = tmp.resolve("events.csv");
        Files.writeString(events, """
                TimeGenerated [UTC],LoginServer,OperationName,ResultDescription,Identity,count_
                "11/23/2026, 10:03:00.000 AM",contoso.azurecr.io,Login,401,sp-ci,8
                "11/23/2026, 10:04:10.000 AM",contoso.azurecr.io,Login,401,sp-ci,7
                "11/23/2026, 10:09:00.000 AM",contoso.azurecr.io,Login,200,sp-ci,40
                """);
        BacktestSender.Sleeper sleeper = d -> {
            slept.add(d);
            clock.now = clock.now.plus(d);
        };
        CommandLine cmd = new CommandLine(new BacktestCommand(Map.of(), clock, sleeper,
                BacktestCommand.liveSources(d -> { })));
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        List<String> args = new ArrayList<>(List.of("--config", c.toString(), "--events", events.toString()));
        args.addAll(List.of(extra));
        return cmd.execute(args.toArray(String[]::new));
    }

    @Test
    void withoutSendNothingIsDelivered() throws Exception {
        slack.stubFor(post(SLACK_PATH).willReturn(aResponse().withStatus(200).withBody("ok")));

        int code = run(config(smtp.getSmtp().getPort()));

        assertThat(code).isZero();
        assertThat(slack.findAll(postRequestedFor(urlEqualTo(SLACK_PATH)))).isEmpty();
        assertThat(smtp.getReceivedMessages()).isEmpty();
        assertThat(out.toString()).doesNotContain("sent (--send)");
    }

    @Test
    void sendDeliversEachNotificationToItsReceiversAndHonoursSendResolved() throws Exception {
        slack.stubFor(post(SLACK_PATH).willReturn(aResponse().withStatus(200).withBody("ok")));

        int code = run(config(smtp.getSmtp().getPort()), "--send");

        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString()).contains("--send: 3 notifications: 2 to slack, 1 to mail");
        var posts = slack.findAll(postRequestedFor(urlEqualTo(SLACK_PATH)));
        assertThat(posts).hasSize(2);
        assertThat(posts.get(0).getBodyAsString()).contains("[FIRING]");
        assertThat(posts.get(1).getBodyAsString()).contains("[RESOLVED]");
        MimeMessage[] mails = smtp.getReceivedMessages();
        assertThat(mails).hasSize(1);
        assertThat(mails[0].getSubject()).startsWith("[FIRING]");
        assertThat(out.toString()).endsWith(String.join("\n",
                "sent (--send)",
                String.format("%-24s %9s %6s %7s  %s", "RECEIVER", "DELIVERED", "FAILED", "SKIPPED", "LAST ERROR"),
                String.format("%-24s %9d %6d %7d", "slack", 2, 0, 0),
                // The router already leaves the resolved notification out for a receiver with send_resolved false.
                String.format("%-24s %9d %6d %7d", "mail", 1, 0, 0),
                ""));
        assertThat(slept).isEmpty();
    }

    @Test
    void aReceiverThatIsDownIsReportedAndTheOthersAreStillServed() throws Exception {
        slack.stubFor(post(SLACK_PATH).willReturn(aResponse().withStatus(200).withBody("ok")));

        int code = run(config(closedPort()), "--send", "--format", "json");

        assertThat(code).as(err.toString()).isZero();
        assertThat(slack.findAll(postRequestedFor(urlEqualTo(SLACK_PATH)))).hasSize(2);
        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertThat(root.get("sent").asBoolean()).isTrue();
        assertThat(root.at("/delivery/0/receiver").asText()).isEqualTo("slack");
        assertThat(root.at("/delivery/0/delivered").asInt()).isEqualTo(2);
        assertThat(root.at("/delivery/1/receiver").asText()).isEqualTo("mail");
        assertThat(root.at("/delivery/1/delivered").asInt()).isZero();
        assertThat(root.at("/delivery/1/failed").asInt()).isEqualTo(1);
        assertThat(root.at("/delivery/1/skipped").asInt()).isZero();
        assertThat(root.at("/delivery/1/error").asText()).startsWith("network: ").endsWith("(gave up after 7 attempts)");
        assertThat(slept).hasSize(6);
    }
}
