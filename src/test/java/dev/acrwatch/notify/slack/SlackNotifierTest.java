package dev.acrwatch.notify.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.acrwatch.alert.AlertSnapshot;
import dev.acrwatch.alert.AlertStatus;
import dev.acrwatch.alert.Contributor;
import dev.acrwatch.config.Secret;
import dev.acrwatch.notify.DeliveryResult;
import dev.acrwatch.notify.FailureReason;
import dev.acrwatch.notify.Fixtures;
import dev.acrwatch.notify.SlackReceiver;
import dev.acrwatch.notify.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SlackNotifierTest {

    private static final String PATH = "/services/T0001/B0001/s3cr3tT0k3nXYZ";

    @RegisterExtension
    static WireMockExtension slack = WireMockExtension.newInstance()
            .options(options().bindAddress("127.0.0.1").dynamicPort()).build();

    private final ObjectMapper json = new ObjectMapper();

    private SlackNotifier notifier(Duration readTimeout) {
        String url = "http://127.0.0.1:" + slack.getPort() + PATH;
        return new SlackNotifier(new SlackReceiver("ops", true, Secret.of(url),
                new Timeouts(Duration.ofSeconds(2), readTimeout)), Fixtures.deps());
    }

    private SlackNotifier notifier() {
        return notifier(Duration.ofSeconds(5));
    }

    private JsonNode sentPayload() throws Exception {
        var requests = slack.findAll(postRequestedFor(urlEqualTo(PATH)));
        assertThat(requests).hasSize(1);
        return json.readTree(requests.get(0).getBodyAsString());
    }

    @Test
    void okResponseIsDelivered() {
        slack.stubFor(post(PATH).willReturn(aResponse().withStatus(200).withBody("ok")));
        DeliveryResult r = notifier().send(Fixtures.notification(Fixtures.firing("sp-build")));
        assertThat(r.delivered()).isTrue();
        slack.verify(postRequestedFor(urlEqualTo(PATH))
                .withHeader("Content-Type", containing("application/json")));
    }

    @Test
    void payloadHasHeaderSeverityFieldsTopListsRunbookKqlAndGrafanaButton() throws Exception {
        slack.stubFor(post(PATH).willReturn(aResponse().withStatus(200).withBody("ok")));
        notifier().send(Fixtures.notification(Fixtures.firing("sp-build")));
        JsonNode p = sentPayload();

        assertThat(p.get("text").asText())
                .isEqualTo("[FIRING] unauthorized on myreg: 42 unauthorized (401) requests in 5m, threshold 10");
        JsonNode blocks = p.get("blocks");
        assertThat(types(blocks)).containsExactly("header", "section", "section", "section", "section", "section",
                "actions");
        assertThat(blocks.get(0).at("/text/type").asText()).isEqualTo("plain_text");
        assertThat(blocks.get(0).at("/text/text").asText()).isEqualTo("[FIRING] unauthorized on myreg (expired-secrets)");
        assertThat(blocks.get(1).at("/text/text").asText())
                .contains("*FIRING*", "severity *critical*", "rule *expired-secrets*");
        List<String> fields = StreamSupport.stream(blocks.get(2).get("fields").spliterator(), false)
                .map(f -> f.get("text").asText()).toList();
        assertThat(fields).contains("*Count*\n42 (threshold 10)", "*Window*\n5m",
                "*First seen*\n2026-11-23T20:50:00Z", "*Last seen*\n2026-11-23T20:59:00Z");
        assertThat(blocks.get(3).at("/text/text").asText())
                .contains("*Top identities*\n• sp-build — 30", "*Top caller IPs*\n• 203.0.113.7 — 40",
                        "*Top repositories*\n• team/api — 41");
        assertThat(blocks.get(4).at("/text/text").asText())
                .startsWith("*Runbook*\n*401 Unauthorized on myreg*")
                .contains("```\naz ad sp credential list --id sp-build -o table");
        assertThat(blocks.get(5).at("/text/text").asText())
                .isEqualTo("*KQL* (paste into Log Analytics)\n```ContainerRegistryLoginEvents\n"
                        + "| where ResultDescription == \"401\"```");
        JsonNode button = blocks.get(6).at("/elements/0");
        assertThat(button.get("type").asText()).isEqualTo("button");
        assertThat(button.get("url").asText())
                .startsWith("https://grafana.example.com/d/acr/acr-watch?var-registry=myreg&from=");
    }

    @Test
    void hostileIdentityIsEscapedEverywhereInThePayload() throws Exception {
        slack.stubFor(post(PATH).willReturn(aResponse().withStatus(200).withBody("ok")));
        notifier().send(Fixtures.notification(Fixtures.firing(Fixtures.HOSTILE_SLACK)));
        JsonNode p = sentPayload();
        String all = p.toString();
        assertThat(all).doesNotContain("<!channel>", "<@U123>", "<http://evil|x>");
        assertThat(p.at("/blocks/3/text/text").asText())
                .contains("• &lt;!channel&gt; &lt;@U123&gt; &lt;http://evil|x&gt; — 30");
    }

    @Test
    void resolvedMessageSaysSoAndGivesTheValueAtResolveTime() throws Exception {
        slack.stubFor(post(PATH).willReturn(aResponse().withStatus(200).withBody("ok")));
        notifier().send(Fixtures.notification(Fixtures.unauthorized(AlertStatus.RESOLVED, "sp")));
        JsonNode p = sentPayload();
        assertThat(p.at("/blocks/0/text/text").asText()).startsWith("[RESOLVED]");
        assertThat(p.at("/blocks/1/text/text").asText()).contains("*RESOLVED*", "resolved, at resolve time 3");
        assertThat(p.at("/blocks/2/fields/0/text").asText()).isEqualTo("*Count at resolve*\n3 (threshold 10)");
    }

    @Test
    void severalAlertsBecomeOneMessageListingEachWithinTheBlockLimit() throws Exception {
        slack.stubFor(post(PATH).willReturn(aResponse().withStatus(200).withBody("ok")));
        List<AlertSnapshot> alerts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            alerts.add(Fixtures.firing("sp-" + i));
        }
        notifier().send(Fixtures.notification(alerts.toArray(AlertSnapshot[]::new)));
        JsonNode p = sentPayload();
        assertThat(p.get("blocks").size()).isLessThanOrEqualTo(SlackMessage.MAX_BLOCKS);
        assertThat(p.at("/blocks/0/text/text").asText()).startsWith("[FIRING:12] acr-watch: 12 alerts");
        assertThat(types(p.get("blocks"))).contains("divider").endsWith("context");
        assertThat(p.get("text").asText().split("\n")).hasSize(12);
    }

    @Test
    void longValuesAreTruncatedToSlackLimits() throws Exception {
        slack.stubFor(post(PATH).willReturn(aResponse().withStatus(200).withBody("ok")));
        String huge = "r".repeat(5000);
        AlertSnapshot a = new AlertSnapshot(huge, "threshold", AlertStatus.FIRING, "critical",
                Map.of("rule", huge, "registry", "myreg.azurecr.io", "class", "unauthorized"), Map.of(), 42, 10,
                Duration.ofMinutes(5), Fixtures.NOW, Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(new Contributor(huge, 1)), List.of(), List.of(), Optional.of("T | where x == 1\n".repeat(400)));
        notifier().send(Fixtures.notification(a));
        JsonNode blocks = sentPayload().get("blocks");
        assertThat(blocks.at("/0/text/text").asText().length()).isLessThanOrEqualTo(SlackMessage.MAX_HEADER);
        for (JsonNode b : blocks) {
            if (b.has("text")) {
                assertThat(b.at("/text/text").asText().length()).isLessThanOrEqualTo(SlackMessage.MAX_SECTION_TEXT);
            }
        }
        assertThat(blocks.at("/3/text/text").asText()).contains("r".repeat(200) + "…");
        String kql = blocks.at("/5/text/text").asText();
        assertThat(kql).endsWith("…```");
    }

    @Test
    void rateLimitedWithRetryAfter() {
        slack.stubFor(post(PATH).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")
                .withBody("rate_limited")));
        DeliveryResult r = notifier().send(Fixtures.notification(Fixtures.firing("sp")));
        assertThat(r.delivered()).isFalse();
        assertThat(r.reason()).contains(FailureReason.RATE_LIMITED);
        assertThat(r.retryable()).isTrue();
        assertThat(r.retryAfter()).contains(Duration.ofSeconds(30));
    }

    @Test
    void serverErrorIsRetryable() {
        slack.stubFor(post(PATH).willReturn(aResponse().withStatus(500).withBody("oops")));
        DeliveryResult r = notifier().send(Fixtures.notification(Fixtures.firing("sp")));
        assertThat(r.reason()).contains(FailureReason.SERVER_ERROR);
        assertThat(r.retryable()).isTrue();
    }

    @Test
    void noServiceIsAClientErrorNotRetriedAndTheMessageHidesTheWebhookUrl() {
        slack.stubFor(post(PATH).willReturn(aResponse().withStatus(404).withBody("no_service")));
        DeliveryResult r = notifier().send(Fixtures.notification(Fixtures.firing("sp")));
        assertThat(r.reason()).contains(FailureReason.CLIENT_ERROR);
        assertThat(r.retryable()).isFalse();
        assertThat(r.message()).contains("slack receiver \"ops\"", "404", "no_service")
                .doesNotContain("s3cr3tT0k3nXYZ", "/services/");
    }

    @Test
    void invalidTokenIsAnAuthErrorNotRetried() {
        slack.stubFor(post(PATH).willReturn(aResponse().withStatus(403).withBody("invalid_token")));
        DeliveryResult r = notifier().send(Fixtures.notification(Fixtures.firing("sp")));
        assertThat(r.reason()).contains(FailureReason.AUTH_ERROR);
        assertThat(r.retryable()).isFalse();
    }

    @Test
    void invalidPayloadIsAClientErrorNotRetried() {
        slack.stubFor(post(PATH).willReturn(aResponse().withStatus(400).withBody("invalid_payload")));
        DeliveryResult r = notifier().send(Fixtures.notification(Fixtures.firing("sp")));
        assertThat(r.reason()).contains(FailureReason.CLIENT_ERROR);
        assertThat(r.retryable()).isFalse();
    }

    @Test
    void responseSlowerThanTheReadTimeoutIsARetryableNetworkFailure() {
        slack.stubFor(post(PATH).willReturn(aResponse().withStatus(200).withFixedDelay(3000)));
        DeliveryResult r = notifier(Duration.ofMillis(300)).send(Fixtures.notification(Fixtures.firing("sp")));
        assertThat(r.reason()).contains(FailureReason.NETWORK);
        assertThat(r.retryable()).isTrue();
        assertThat(r.message()).doesNotContain("s3cr3tT0k3nXYZ");
    }

    @Test
    void closedPortIsARetryableNetworkFailureWithoutTheUrlInTheMessage() throws Exception {
        int closed;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        SlackNotifier n = new SlackNotifier(new SlackReceiver("ops",
                Secret.of("http://127.0.0.1:" + closed + PATH)), Fixtures.deps());
        DeliveryResult r = n.send(Fixtures.notification(Fixtures.firing("sp")));
        assertThat(r.reason()).contains(FailureReason.NETWORK);
        assertThat(r.retryable()).isTrue();
        assertThat(r.message()).doesNotContain("s3cr3tT0k3nXYZ");
    }

    private static List<String> types(JsonNode blocks) {
        return StreamSupport.stream(blocks.spliterator(), false).map(b -> b.get("type").asText()).toList();
    }

    @Test
    void nonHttpWebhookUrlFailsWithoutRepeatingTheUrl() {
        SlackNotifier n = new SlackNotifier(new SlackReceiver("ops", Secret.of("ftp://127.0.0.1" + PATH)),
                Fixtures.deps());
        DeliveryResult r = n.send(Fixtures.notification(Fixtures.firing("sp")));
        assertThat(r.reason()).contains(FailureReason.CLIENT_ERROR);
        assertThat(r.retryable()).isFalse();
        assertThat(r.message()).doesNotContain("s3cr3tT0k3nXYZ");
    }
}
