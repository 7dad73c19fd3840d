package dev.acrwatch.source.loganalytics;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.acrwatch.config.AuthConfig;
import dev.acrwatch.config.LearnCallersConfig;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.source.CallerSightings;
import dev.acrwatch.source.CallerSightings.Kind;
import dev.acrwatch.source.CallerSightings.Sighting;
import dev.acrwatch.source.QueryFailureReason;
import dev.acrwatch.source.SourceException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The learning adapter against a loopback HTTPS WireMock speaking the Log Analytics query API. */
class LogAnalyticsCallerSightingsTest {

    static final String WORKSPACE_ID = LogAnalyticsEventSourceTest.WORKSPACE_ID;
    static final String QUERY_PATH = LogAnalyticsEventSourceTest.QUERY_PATH;
    static final Instant NOW = Instant.parse("2026-11-23T21:17:00Z");
    static final String COLUMNS = "[{\"name\":\"LoginServer\",\"type\":\"string\"},{\"name\":\"Kind\",\"type\":\"string\"},"
            + "{\"name\":\"Caller\",\"type\":\"string\"},{\"name\":\"Hours\",\"type\":\"long\"},"
            + "{\"name\":\"LastSeen\",\"type\":\"datetime\"}]";

    static WireMockServer wm;

    @BeforeAll
    static void startWireMock() throws Exception {
        LocalhostTls tls = LocalhostTls.get();
        wm = new WireMockServer(options().bindAddress("127.0.0.1").httpDisabled(true).dynamicHttpsPort()
                .keystorePath(tls.keystore.toString()).keystoreType("PKCS12")
                .keystorePassword(LocalhostTls.PASSWORD).keyManagerPassword(LocalhostTls.PASSWORD));
        wm.start();
    }

    @AfterAll
    static void stopWireMock() {
        wm.stop();
    }

    @BeforeEach
    void reset() {
        wm.resetAll();
    }

    static WorkspaceConfig workspace() {
        return new WorkspaceConfig("prod", WORKSPACE_ID, Optional.of("https://localhost:" + wm.httpsPort() + "/v1"),
                new AuthConfig.None(), List.of("myreg.azurecr.io"), List.of(), List.of(),
                new LearnCallersConfig(true, 3, 24, Duration.ofMinutes(15)));
    }

    CallerSightings adapter() throws Exception {
        WorkspaceConfig ws = workspace();
        return new LogAnalyticsCallerSightings(ws, LogAnalyticsEventSourceTest.POLL, LogAnalyticsSources.client(ws,
                LogAnalyticsEventSourceTest.POLL, Optional.of(LogAnalyticsEventSourceTest.fixedToken()),
                LocalhostTls.get().trustingContext, LogAnalyticsSources.RESPONSE_SLACK, java.time.Clock.systemUTC()));
    }

    static void answer(int status, String body) {
        wm.stubFor(post(urlPathEqualTo(QUERY_PATH)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    static String table(String rows) {
        return "{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":" + COLUMNS + ",\"rows\":[" + rows + "]}]}";
    }

    @Test
    void rowsBecomeSightingsAndTheRequestCarriesTheLearningQueryAndWindow() throws Exception {
        answer(200, table("[\"myreg.azurecr.io\",\"identity\",\"aks-agentpool\",24,\"2026-11-23T21:10:00Z\"],"
                + "[\"myreg.azurecr.io\",\"ip\",\"10.240.1.0/24\",5,\"2026-11-23T20:59:30Z\"]"));

        List<Sighting> got = adapter().regularCallers(NOW);

        assertThat(got).containsExactly(
                new Sighting("myreg.azurecr.io", Kind.IDENTITY, "aks-agentpool", 24, 24,
                        Instant.parse("2026-11-23T21:10:00Z")),
                new Sighting("myreg.azurecr.io", Kind.IP_BLOCK, "10.240.1.0/24", 5, 24,
                        Instant.parse("2026-11-23T20:59:30Z")));
        List<LoggedRequest> sent = wm.findAll(postRequestedFor(urlPathEqualTo(QUERY_PATH)));
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).getHeader("Authorization")).isEqualTo("Bearer " + LogAnalyticsEventSourceTest.TOKEN);
        JsonNode body = new ObjectMapper().readTree(sent.get(0).getBodyAsString());
        KqlTemplates.LearningQuery expected = KqlTemplates.learningQuery(workspace(), NOW);
        assertThat(body.get("query").asText()).isEqualTo(expected.text());
        String[] timespan = body.get("timespan").asText().split("/");
        assertThat(java.time.OffsetDateTime.parse(timespan[0]).toInstant()).isEqualTo(Instant.parse("2026-11-22T22:00:00Z"));
        assertThat(java.time.OffsetDateTime.parse(timespan[1]).toInstant()).isEqualTo(NOW);
    }

    @Test
    void noContentMeansNoRegularCallers() throws Exception {
        wm.stubFor(post(urlPathEqualTo(QUERY_PATH)).willReturn(aResponse().withStatus(204)));

        assertThat(adapter().regularCallers(NOW)).isEmpty();
    }

    @Test
    void aPartialResultFailsRatherThanForgettingCallers() throws Exception {
        answer(200, "{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":" + COLUMNS + ",\"rows\":[]}],"
                + "\"error\":{\"code\":\"PartialError\",\"message\":\"result truncated\"}}");

        SourceException e = catchThrowableOfType(() -> adapter().regularCallers(NOW), SourceException.class);

        assertThat(e.reason()).isEqualTo(QueryFailureReason.PARTIAL);
        assertThat(e.getMessage()).startsWith("workspace prod learning query: HTTP 200 with error PartialError");
    }

    @Test
    void forbiddenIsAnAuthFailureNamingTheWorkspace() throws Exception {
        answer(403, "{\"error\":{\"code\":\"InsufficientAccessError\",\"message\":\"no access\"}}");

        SourceException e = catchThrowableOfType(() -> adapter().regularCallers(NOW), SourceException.class);

        assertThat(e.reason()).isEqualTo(QueryFailureReason.AUTH);
        assertThat(e.getMessage()).startsWith("workspace prod learning query");
    }

    @Test
    void anUnknownKindIsAMalformedRowNamedByItsPlace() throws Exception {
        answer(200, table("[\"myreg.azurecr.io\",\"subnet\",\"x\",3,\"2026-11-23T21:10:00Z\"]"));

        SourceException e = catchThrowableOfType(() -> adapter().regularCallers(NOW), SourceException.class);

        assertThat(e.getMessage()).isEqualTo("workspace prod learning query: malformed result row 1 column Kind: "
                + "expected identity or ip, found \"subnet\"");
    }
}
