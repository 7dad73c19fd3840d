package dev.acrwatch.notify.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.acrwatch.alert.AlertStatus;
import dev.acrwatch.config.Secret;
import dev.acrwatch.notify.DeliveryResult;
import dev.acrwatch.notify.FailureReason;
import dev.acrwatch.notify.Fixtures;
import dev.acrwatch.notify.Timeouts;
import dev.acrwatch.notify.WebhookReceiver;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WebhookNotifierTest {

    @RegisterExtension
    static WireMockExtension hook = WireMockExtension.newInstance()
            .options(options().bindAddress("127.0.0.1").dynamicPort()).build();

    private final ObjectMapper json = new ObjectMapper();

    private WebhookNotifier notifier(Optional<Secret> token, Duration read) {
        return new WebhookNotifier(new WebhookReceiver("hook", true,
                URI.create("http://127.0.0.1:" + hook.getPort() + "/alerts"), token,
                new Timeouts(Duration.ofSeconds(2), read)), Fixtures.deps());
    }

    private WebhookNotifier notifier() {
        return notifier(Optional.empty(), Duration.ofSeconds(5));
    }

    private JsonNode sent() throws Exception {
        var reqs = hook.findAll(postRequestedFor(urlEqualTo("/alerts")));
        assertThat(reqs).hasSize(1);
        return json.readTree(reqs.get(0).getBodyAsString());
    }

    @Test
    void payloadFollowsSchemaVersionOneFieldByField() throws Exception {
        hook.stubFor(post("/alerts").willReturn(aResponse().withStatus(204)));
        DeliveryResult r = notifier().send(Fixtures.notification(Fixtures.firing("sp-build")));
        assertThat(r.delivered()).isTrue();
        JsonNode p = sent();
        assertThat(p.get("version").asText()).isEqualTo("1");
        assertThat(p.get("status").asText()).isEqualTo("firing");
        assertThat(p.get("receiver").asText()).isEqualTo("hook");
        assertThat(p.get("groupKey").asText()).isEqualTo("{}:{registry=\"myreg.azurecr.io\"}");
        assertThat(p.at("/groupLabels/registry").asText()).isEqualTo("myreg.azurecr.io");
        JsonNode a = p.at("/alerts/0");
        assertThat(a.get("status").asText()).isEqualTo("firing");
        assertThat(a.at("/labels/class").asText()).isEqualTo("unauthorized");
        assertThat(a.at("/labels/rule").asText()).isEqualTo("expired-secrets");
        assertThat(a.at("/annotations/summary").asText()).isEqualTo("42 unauthorized (401) requests in 5m, threshold 10");
        assertThat(a.get("value").asDouble()).isEqualTo(42.0);
        assertThat(a.get("threshold").asDouble()).isEqualTo(10.0);
        assertThat(a.get("window").asText()).isEqualTo("5m");
        assertThat(a.get("windowSeconds").asLong()).isEqualTo(300);
        assertThat(a.get("startsAt").asText()).isEqualTo("2026-11-23T20:55:00Z");
        assertThat(a.get("endsAt").isNull()).isTrue();
        assertThat(a.get("firstSeen").asText()).isEqualTo("2026-11-23T20:50:00Z");
        assertThat(a.at("/topIdentities/0/value").asText()).isEqualTo("sp-build");
        assertThat(a.at("/topIdentities/0/count").asLong()).isEqualTo(30);
        assertThat(a.at("/topCallerIps/0/value").asText()).isEqualTo("203.0.113.7");
        assertThat(a.at("/topRepositories/0/value").asText()).isEqualTo("team/api");
        assertThat(a.get("runbook").asText()).contains("az ad sp credential list --id sp-build");
        assertThat(a.get("kql").asText()).isEqualTo(Fixtures.KQL);
        assertThat(a.get("grafanaUrl").asText()).startsWith("https://grafana.example.com/d/acr/acr-watch?var-registry=myreg");
        assertThat(a.has("runbookUrl")).isFalse();
    }

    @Test
    void resolvedAlertCarriesItsEndTime() throws Exception {
        hook.stubFor(post("/alerts").willReturn(aResponse().withStatus(200)));
        notifier().send(Fixtures.notification(Fixtures.unauthorized(AlertStatus.RESOLVED, "sp")));
        JsonNode p = sent();
        assertThat(p.get("status").asText()).isEqualTo("resolved");
        assertThat(p.at("/alerts/0/endsAt").asText()).isEqualTo("2026-11-23T20:59:30Z");
        assertThat(p.at("/alerts/0/value").asDouble()).isEqualTo(3.0);
    }

    @Test
    void hostileValuesArriveAsExactJsonStrings() throws Exception {
        hook.stubFor(post("/alerts").willReturn(aResponse().withStatus(200)));
        notifier().send(Fixtures.notification(Fixtures.firing(Fixtures.HOSTILE_HTML + "\"}]")));
        assertThat(sent().at("/alerts/0/topIdentities/0/value").asText()).isEqualTo(Fixtures.HOSTILE_HTML + "\"}]");
    }

    @Test
    void bearerTokenIsSentAndNeverInTheResultMessage() {
        hook.stubFor(post("/alerts").willReturn(aResponse().withStatus(401).withBody("bad token tok-SECRET-42")));
        DeliveryResult r = notifier(Optional.of(Secret.of("tok-SECRET-42")), Duration.ofSeconds(5))
                .send(Fixtures.notification(Fixtures.firing("sp")));
        hook.verify(postRequestedFor(urlEqualTo("/alerts")).withHeader("Authorization", equalTo("Bearer tok-SECRET-42")));
        assertThat(r.reason()).contains(FailureReason.AUTH_ERROR);
        assertThat(r.retryable()).isFalse();
        assertThat(r.message()).doesNotContain("tok-SECRET-42");
    }

    @Test
    void noAuthorizationHeaderWithoutAToken() {
        hook.stubFor(post("/alerts").willReturn(aResponse().withStatus(200)));
        notifier().send(Fixtures.notification(Fixtures.firing("sp")));
        hook.verify(postRequestedFor(urlEqualTo("/alerts")).withHeader("Authorization", absent()));
    }

    @Test
    void rateLimitedHonoursAnHttpDateRetryAfter() {
        hook.stubFor(post("/alerts").willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "Mon, 23 Nov 2026 21:02:00 GMT")));
        DeliveryResult r = notifier().send(Fixtures.notification(Fixtures.firing("sp")));
        assertThat(r.reason()).contains(FailureReason.RATE_LIMITED);
        assertThat(r.retryAfter()).contains(Duration.ofMinutes(2));
    }

    @Test
    void serverErrorIsRetryableAndNotFoundIsNot() {
        hook.stubFor(post("/alerts").willReturn(aResponse().withStatus(503)));
        DeliveryResult down = notifier().send(Fixtures.notification(Fixtures.firing("sp")));
        assertThat(down.reason()).contains(FailureReason.SERVER_ERROR);
        assertThat(down.retryable()).isTrue();

        hook.stubFor(post("/alerts").willReturn(aResponse().withStatus(404)));
        DeliveryResult gone = notifier().send(Fixtures.notification(Fixtures.firing("sp")));
        assertThat(gone.reason()).contains(FailureReason.CLIENT_ERROR);
        assertThat(gone.retryable()).isFalse();
    }

    @Test
    void slowEndpointIsARetryableNetworkFailure() {
        hook.stubFor(post("/alerts").willReturn(aResponse().withStatus(200).withFixedDelay(3000)));
        DeliveryResult r = notifier(Optional.empty(), Duration.ofMillis(300))
                .send(Fixtures.notification(Fixtures.firing("sp")));
        assertThat(r.reason()).contains(FailureReason.NETWORK);
        assertThat(r.retryable()).isTrue();
    }
}
