package dev.acrwatch.source.loganalytics;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.ClientAuthenticationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.acrwatch.config.AuthConfig;
import dev.acrwatch.config.PollConfig;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.source.EventBatch;
import dev.acrwatch.source.EventSource;
import dev.acrwatch.source.IngestionInterval;
import dev.acrwatch.source.QueryFailureReason;
import dev.acrwatch.source.QueryListener;
import dev.acrwatch.source.SourceException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The adapter against a loopback HTTPS WireMock speaking the Log Analytics query API. */
class LogAnalyticsEventSourceTest {

    static final String WORKSPACE_ID = "11111111-2222-3333-4444-555555555555";
    static final String QUERY_PATH = "/v1/workspaces/" + WORKSPACE_ID + "/query";
    static final String TOKEN = "test-token-not-a-secret";
    static final Instant NOW = Instant.parse("2026-11-23T21:05:00Z");
    static final IngestionInterval MINUTE = new IngestionInterval(
            Instant.parse("2026-11-23T21:00:00Z"), Instant.parse("2026-11-23T21:01:00Z"));
    static final PollConfig POLL = new PollConfig(Duration.ofSeconds(60), Optional.empty(), Duration.ofMinutes(2),
            Duration.ofHours(6), Duration.ofHours(1), Duration.ofHours(48), Duration.ofSeconds(1), 3,
            Duration.ofSeconds(2), 3);
    static final String COLUMNS = "[{\"name\":\"Minute\",\"type\":\"datetime\"},"
            + "{\"name\":\"LoginServer\",\"type\":\"string\"},{\"name\":\"OperationName\",\"type\":\"string\"},"
            + "{\"name\":\"ResultDescription\",\"type\":\"string\"},{\"name\":\"Identity\",\"type\":\"string\"},"
            + "{\"name\":\"Count\",\"type\":\"long\"},"
            + "{\"name\":\"MaxIngestion\",\"type\":\"datetime\"},{\"name\":\"DelaySumSec\",\"type\":\"real\"},"
            + "{\"name\":\"DelayMaxSec\",\"type\":\"real\"},{\"name\":\"Callers\",\"type\":\"dynamic\"}]";

    static WireMockServer wm;

    final List<String> queries = Collections.synchronizedList(new ArrayList<>());
    final List<Optional<QueryFailureReason>> outcomes = Collections.synchronizedList(new ArrayList<>());
    final QueryListener listener = (ws, table, elapsed, rows, failure) -> {
        queries.add(ws + "/" + table.label() + "/" + rows);
        outcomes.add(failure);
    };
    final List<Duration> slept = new ArrayList<>();

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

    static WorkspaceConfig workspace(List<String> registries) {
        return new WorkspaceConfig("prod", WORKSPACE_ID, Optional.of("https://localhost:" + wm.httpsPort() + "/v1"),
                new AuthConfig.None(), registries);
    }

    static TokenCredential fixedToken() {
        return request -> Mono.just(new AccessToken(TOKEN, OffsetDateTime.now(ZoneOffset.UTC).plusHours(1)));
    }

    /**
     * @param responseSlack client waits server timeout (1 s) + this; generous by default so a cold first
     *                      TLS handshake on a busy machine is not mistaken for a timeout
     */
    EventSource adapter(Optional<TokenCredential> credential, Duration responseSlack) throws Exception {
        WorkspaceConfig ws = workspace(List.of("myreg.azurecr.io"));
        return new LogAnalyticsEventSource(ws, POLL,
                LogAnalyticsSources.client(ws, POLL, credential, LocalhostTls.get().trustingContext, responseSlack,
                        Clock.fixed(NOW, ZoneOffset.UTC)),
                listener);
    }

    EventSource adapter(Optional<TokenCredential> credential) throws Exception {
        return adapter(credential, LogAnalyticsSources.RESPONSE_SLACK);
    }

    EventSource adapter() throws Exception {
        return adapter(Optional.of(fixedToken()));
    }

    EventSource decorated() throws Exception {
        return LogAnalyticsSources.decorate(adapter(), POLL, slept::add, () -> 0);
    }

    static String table(String rows) {
        return "{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":" + COLUMNS + ",\"rows\":[" + rows + "]}]}";
    }

    /** One row whose events all came from 10.1.2.3 (Callers as the REST API sends a dynamic: a JSON string). */
    static String row(String minute, String status, String identity, String count) {
        String callers = count.matches("[0-9]+") ? "[[\\\"10.1.2.3\\\"," + count + "]]" : "[]";
        return row(minute, status, identity, count, "\"" + callers + "\"");
    }

    static String row(String minute, String status, String identity, String count, String callers) {
        return "[\"" + minute + "\",\"myreg.azurecr.io\",\"Pull\"," + status + "," + identity + ","
                + count + ",\"2026-11-23T21:00:40.5Z\",12.5,7.25," + callers + "]";
    }

    static void answer(int status, String body) {
        wm.stubFor(post(urlPathEqualTo(QUERY_PATH)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    static SourceException fails(EventSource source) {
        try {
            source.fetch(LogTable.LOGIN, MINUTE);
        } catch (SourceException e) {
            return e;
        }
        throw new AssertionError("expected a SourceException");
    }

    @Test
    void rowsAreMappedAndTheRequestCarriesTheExactQueryTimespanWaitAndToken() throws Exception {
        answer(200, table(row("2026-11-23T20:59:00Z", "\"401\"", "\"sp-ci\"", "3") + ","
                + row("2026-11-23T21:00:00Z", "\"200\"", "\"\"", "120")));

        EventBatch batch = adapter().fetch(LogTable.LOGIN, MINUTE);

        assertThat(batch.queriesSent()).isEqualTo(1);
        assertThat(batch.rows()).containsExactly(
                new EventCount(LogTable.LOGIN, Instant.parse("2026-11-23T20:59:00Z"), "myreg.azurecr.io", "Pull",
                        "401", "sp-ci", "10.1.2.3", "", 3, Instant.parse("2026-11-23T21:00:40.5Z"), 12.5, 7.25),
                new EventCount(LogTable.LOGIN, Instant.parse("2026-11-23T21:00:00Z"), "myreg.azurecr.io", "Pull",
                        "200", "", "10.1.2.3", "", 120, Instant.parse("2026-11-23T21:00:40.5Z"), 12.5, 7.25));
        List<LoggedRequest> sent = wm.findAll(postRequestedFor(urlPathEqualTo(QUERY_PATH)));
        assertThat(sent).hasSize(1);
        LoggedRequest req = sent.get(0);
        assertThat(req.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(req.getHeader("Prefer")).contains("wait=1");
        JsonNode body = new ObjectMapper().readTree(req.getBodyAsString());
        KqlTemplates.PollQuery expected = KqlTemplates.pollQuery(LogTable.LOGIN,
                workspace(List.of("myreg.azurecr.io")), POLL, MINUTE);
        assertThat(body.get("query").asText()).isEqualTo(expected.text());
        String[] timespan = body.get("timespan").asText().split("/");
        assertThat(OffsetDateTime.parse(timespan[0]).toInstant()).isEqualTo(Instant.parse("2026-11-21T21:00:00Z"));
        assertThat(OffsetDateTime.parse(timespan[1]).toInstant()).isEqualTo(MINUTE.toInclusive());
        assertThat(queries).containsExactly("prod/login/2");
        assertThat(outcomes).containsExactly(Optional.empty());
    }

    @Test
    void withoutACredentialNoAuthorizationHeaderIsSent() throws Exception {
        answer(200, table(""));
        adapter(Optional.empty()).fetch(LogTable.LOGIN, MINUTE);
        wm.verify(postRequestedFor(urlPathEqualTo(QUERY_PATH)).withHeader("Authorization", absent()));
    }

    @Test
    void noContentIsAnEmptyBatch() throws Exception {
        wm.stubFor(post(urlPathEqualTo(QUERY_PATH)).willReturn(aResponse().withStatus(204)));
        EventBatch batch = adapter().fetch(LogTable.LOGIN, MINUTE);
        assertThat(batch.rows()).isEmpty();
        assertThat(batch.queriesSent()).isEqualTo(1);
    }

    @Test
    void partialErrorIsAFailedQueryNeverCompleteData() throws Exception {
        answer(200, "{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":" + COLUMNS + ",\"rows\":["
                + row("2026-11-23T20:59:00Z", "\"200\"", "\"\"", "1") + "]}],"
                + "\"error\":{\"code\":\"PartialError\",\"message\":\"There were some errors when processing your query.\"}}");

        SourceException e = fails(adapter());

        assertThat(e.reason()).isEqualTo(QueryFailureReason.PARTIAL);
        assertThat(e.getMessage()).contains("workspace prod table ContainerRegistryLoginEvents interval "
                + MINUTE).contains("PartialError");
        assertThat(outcomes).containsExactly(Optional.of(QueryFailureReason.PARTIAL));
    }

    @Test
    void throttledQueryIsRetriedAfterExactlyTheRetryAfterDelay() throws Exception {
        wm.stubFor(post(urlPathEqualTo(QUERY_PATH)).inScenario("429").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"code\":\"ThrottledError\",\"message\":\"Too many requests\"}}"))
                .willSetStateTo("ok"));
        wm.stubFor(post(urlPathEqualTo(QUERY_PATH)).inScenario("429").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(table(row("2026-11-23T20:59:00Z", "\"429\"", "\"\"", "5")))));

        EventBatch batch = decorated().fetch(LogTable.LOGIN, MINUTE);

        assertThat(batch.rows()).singleElement().extracting(EventCount::count).isEqualTo(5L);
        assertThat(slept).containsExactly(Duration.ofSeconds(7));
        assertThat(outcomes).containsExactly(Optional.of(QueryFailureReason.THROTTLED), Optional.empty());
    }

    @Test
    void throttlingCarriesRetryAfterAndTheServiceErrorInTheException() throws Exception {
        wm.stubFor(post(urlPathEqualTo(QUERY_PATH)).willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "Mon, 23 Nov 2026 21:05:30 GMT").withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"ThrottledError\",\"message\":\"Too many requests\"}}")));

        SourceException e = fails(adapter());

        assertThat(e.reason()).isEqualTo(QueryFailureReason.THROTTLED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
        assertThat(e.getMessage()).contains("HTTP 429").contains("ThrottledError");
    }

    @Test
    void serverErrorIsRetriedWithBackoffThenSucceeds() throws Exception {
        wm.stubFor(post(urlPathEqualTo(QUERY_PATH)).inScenario("500").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"code\":\"InternalServerError\",\"message\":\"boom\"}}"))
                .willSetStateTo("ok"));
        wm.stubFor(post(urlPathEqualTo(QUERY_PATH)).inScenario("500").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(table(""))));

        EventBatch batch = decorated().fetch(LogTable.LOGIN, MINUTE);

        assertThat(batch.rows()).isEmpty();
        assertThat(slept).containsExactly(Duration.ofSeconds(2));
        assertThat(outcomes).containsExactly(Optional.of(QueryFailureReason.SERVER), Optional.empty());
    }

    @Test
    void unauthorizedFailsAtOnceWithoutRetryOrToken() throws Exception {
        answer(401, "{\"error\":{\"code\":\"InvalidAuthenticationTokenTenant\",\"message\":\"The access token is from the wrong issuer\"}}");

        SourceException e;
        try {
            decorated().fetch(LogTable.LOGIN, MINUTE);
            throw new AssertionError("expected failure");
        } catch (SourceException x) {
            e = x;
        }

        assertThat(e.reason()).isEqualTo(QueryFailureReason.AUTH);
        assertThat(e.getMessage()).contains("workspace prod").contains("HTTP 401")
                .contains("InvalidAuthenticationTokenTenant").doesNotContain(TOKEN);
        assertThat(slept).isEmpty();
        wm.verify(1, postRequestedFor(urlPathEqualTo(QUERY_PATH)));
    }

    @Test
    void statusCodesMapToClosedReasons() throws Exception {
        Object[][] cases = {
            {403, QueryFailureReason.AUTH}, {400, QueryFailureReason.CLIENT}, {404, QueryFailureReason.CLIENT},
            {502, QueryFailureReason.SERVER}, {503, QueryFailureReason.SERVER}, {504, QueryFailureReason.TIMEOUT},
        };
        for (Object[] c : cases) {
            answer((Integer) c[0], "{\"error\":{\"code\":\"SomeCode\",\"message\":\"some message\"}}");
            SourceException e = fails(adapter());
            assertThat(e.reason()).as("HTTP %s", c[0]).isEqualTo(c[1]);
            assertThat(e.getMessage()).endsWith("]: HTTP " + c[0] + ": SomeCode: some message");
        }
    }

    @Test
    void badRequestNamesTheServiceErrorAndItsInnerError() throws Exception {
        answer(400, "{\"error\":{\"code\":\"BadArgumentError\",\"message\":\"The request had some invalid properties\","
                + "\"innererror\":{\"code\":\"SyntaxError\",\"message\":\"A recognition error occurred.\"}}}");

        SourceException e = fails(adapter());

        assertThat(e.reason()).isEqualTo(QueryFailureReason.CLIENT);
        assertThat(e.getMessage()).endsWith(": HTTP 400: BadArgumentError: The request had some invalid properties"
                + " (SyntaxError: A recognition error occurred.)");
    }

    @Test
    void responseSlowerThanTheTimeoutIsATimeout() throws Exception {
        wm.stubFor(post(urlPathEqualTo(QUERY_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(table("")).withFixedDelay(3_000)));

        SourceException e = fails(adapter(Optional.of(fixedToken()), Duration.ofMillis(300)));

        assertThat(e.reason()).as(e.getMessage()).isEqualTo(QueryFailureReason.TIMEOUT);
        assertThat(e.getMessage()).contains("workspace prod").contains("no response in time");
        // WireMock journals the request only once its delayed response is done; wait so it cannot
        // show up in the next test's request log.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> wm.findAll(postRequestedFor(urlPathEqualTo(QUERY_PATH))).size() == 1);
    }

    @Test
    void connectionResetIsANetworkFailure() throws Exception {
        wm.stubFor(post(urlPathEqualTo(QUERY_PATH)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        SourceException e = fails(adapter());

        assertThat(e.reason()).as(e.getMessage()).isEqualTo(QueryFailureReason.NETWORK);
    }

    @Test
    void aBodyThatIsNotTheApisJsonIsAServerFailureNamingThePlace() throws Exception {
        answer(200, "<html><body>502 Bad Gateway</body></html>");

        SourceException e = fails(adapter());

        assertThat(e.reason()).isEqualTo(QueryFailureReason.SERVER);
        assertThat(e.getMessage()).startsWith("workspace prod table ContainerRegistryLoginEvents interval " + MINUTE
                + ": the response is not the query API's JSON");
    }

    @Test
    void aBodyCutOffMidRowIsANetworkFailureNotAShortResult() throws Exception {
        String whole = table(row("2026-11-23T20:59:00Z", "\"401\"", "\"sp-ci\"", "3") + ","
                + row("2026-11-23T21:00:00Z", "\"401\"", "\"sp-ci\"", "4"));
        answer(200, whole.substring(0, whole.length() - 40));

        SourceException e = fails(adapter());

        assertThat(e.reason()).isEqualTo(QueryFailureReason.NETWORK);
        assertThat(e.getMessage()).contains("the response ended early");
    }

    @Test
    void everyRequestCarriesAClientRequestIdForAzureSupport() throws Exception {
        answer(200, table(""));
        adapter().fetch(LogTable.LOGIN, MINUTE);
        adapter().fetch(LogTable.LOGIN, MINUTE);

        List<LoggedRequest> sent = wm.findAll(postRequestedFor(urlPathEqualTo(QUERY_PATH)));
        assertThat(sent).extracting(r -> r.getHeader("x-ms-client-request-id")).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(sent).extracting(r -> r.getHeader("Accept")).containsOnly("application/json");
    }

    @Test
    void credentialFailureIsAnAuthFailureAndSendsNothing() throws Exception {
        TokenCredential broken = request -> Mono.error(
                new ClientAuthenticationException("AADSTS7000215: Invalid client secret provided.", null));

        SourceException e = fails(adapter(Optional.of(broken)));

        assertThat(e.reason()).isEqualTo(QueryFailureReason.AUTH);
        assertThat(e.getMessage()).contains("AADSTS7000215");
        wm.verify(0, postRequestedFor(urlPathEqualTo(QUERY_PATH)));
    }

    @Test
    void tooManyRowsSplitIntoTwoQueriesWhoseUnionIsReturned() throws Exception {
        // Whole minute: 3 rows = split_rows, so it is asked again per half.
        wm.stubFor(post(urlPathEqualTo(QUERY_PATH))
                .withRequestBody(matchingJsonPath("$.query", containing("let lo = datetime(2026-11-23T21:00:00.0000000Z);")))
                .withRequestBody(matchingJsonPath("$.query", containing("let hi = datetime(2026-11-23T21:01:00.0000000Z);")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(table(row("2026-11-23T20:58:00Z", "\"200\"", "\"\"", "1") + ","
                                + row("2026-11-23T20:59:00Z", "\"200\"", "\"\"", "1") + ","
                                + row("2026-11-23T21:00:00Z", "\"200\"", "\"\"", "1")))));
        wm.stubFor(post(urlPathEqualTo(QUERY_PATH))
                .withRequestBody(matchingJsonPath("$.query", containing("let hi = datetime(2026-11-23T21:00:30.0000000Z);")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(table(row("2026-11-23T20:58:00Z", "\"403\"", "\"sp-a\"", "4")))));
        wm.stubFor(post(urlPathEqualTo(QUERY_PATH))
                .withRequestBody(matchingJsonPath("$.query", containing("let lo = datetime(2026-11-23T21:00:30.0000000Z);")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(table(row("2026-11-23T21:00:00Z", "\"403\"", "\"sp-b\"", "6")))));

        EventBatch batch = decorated().fetch(LogTable.LOGIN, MINUTE);

        assertThat(batch.interval()).isEqualTo(MINUTE);
        assertThat(batch.rows()).extracting(EventCount::identity).containsExactly("sp-a", "sp-b");
        assertThat(batch.eventTotal()).isEqualTo(10);
        assertThat(batch.queriesSent()).isEqualTo(3);
        assertThat(queries).containsExactly("prod/login/3", "prod/login/1", "prod/login/1");
        wm.verify(3, postRequestedFor(urlPathEqualTo(QUERY_PATH)));
    }

    @Test
    void unreadableCountFailsTheQueryNamingRowColumnAndValue() throws Exception {
        answer(200, table(row("2026-11-23T20:59:00Z", "\"200\"", "\"\"", "1") + ","
                + row("2026-11-23T21:00:00Z", "\"401\"", "\"\"", "\"many\"")));

        SourceException e = fails(adapter());

        assertThat(e.reason()).isEqualTo(QueryFailureReason.CLIENT);
        assertThat(e.getMessage()).endsWith(
                ": malformed result row 2 column Count: expected a whole number >= 0, found \"many\"");
        assertThat(outcomes).containsExactly(Optional.of(QueryFailureReason.CLIENT));
    }

    @Test
    void packedCallersBecomeOneCountPerIpWithTheRowsDelaysOnTheFirst() throws Exception {
        answer(200, table(row("2026-11-23T20:59:00Z", "\"401\"", "\"sp-ci\"", "10",
                "\"[[\\\"20.42.5.10\\\",6],[\\\"20.42.5.11\\\",3]]\"")));

        EventBatch batch = adapter().fetch(LogTable.LOGIN, MINUTE);

        Instant minute = Instant.parse("2026-11-23T20:59:00Z");
        Instant ingested = Instant.parse("2026-11-23T21:00:40.5Z");
        assertThat(batch.rows()).containsExactly(
                new EventCount(LogTable.LOGIN, minute, "myreg.azurecr.io", "Pull", "401", "sp-ci", "20.42.5.10", "",
                        6, ingested, 12.5, 7.25),
                new EventCount(LogTable.LOGIN, minute, "myreg.azurecr.io", "Pull", "401", "sp-ci", "20.42.5.11", "",
                        3, ingested, 0, 0),
                new EventCount(LogTable.LOGIN, minute, "myreg.azurecr.io", "Pull", "401", "sp-ci", "", "",
                        1, ingested, 0, 0));
    }

    @Test
    void callersThatAreNotPairsFailTheQueryNamingRowColumnAndValue() throws Exception {
        answer(200, table(row("2026-11-23T20:59:00Z", "\"200\"", "\"\"", "1") + ","
                + row("2026-11-23T21:00:00Z", "\"401\"", "\"sp\"", "2", "\"10.1.2.3\"")));

        SourceException e = fails(adapter());

        assertThat(e.reason()).isEqualTo(QueryFailureReason.CLIENT);
        assertThat(e.getMessage()).endsWith(": malformed result row 2 column Callers: expected a JSON array of"
                + " [ip, count] pairs, found \"10.1.2.3\"");
    }

    @Test
    void unreadableMinuteFailsTheQuery() throws Exception {
        answer(200, table(row("yesterday-ish", "\"200\"", "\"\"", "1")));
        assertThat(fails(adapter()).getMessage()).endsWith(
                ": malformed result row 1 column Minute: expected a datetime, found \"yesterday-ish\"");
    }

    @Test
    void missingColumnFailsTheQuery() throws Exception {
        answer(200, "{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":[{\"name\":\"Minute\",\"type\":\"datetime\"}],"
                + "\"rows\":[[\"2026-11-23T20:59:00Z\"]]}]}");
        assertThat(fails(adapter()).getMessage()).contains("row 1 column LoginServer: column is missing");
    }

    @Test
    void garbageStatusAndNullIdentityAreKeptAndCounted() throws Exception {
        answer(200, table(row("2026-11-23T20:59:00Z", "\"<script>\"", "null", "2") + ","
                + row("2026-11-23T20:59:00Z", "null", "\"x\"", "1")));

        EventBatch batch = adapter().fetch(LogTable.LOGIN, MINUTE);

        assertThat(batch.rows()).extracting(EventCount::status).containsExactly("<script>", "");
        assertThat(batch.rows()).extracting(EventCount::identity).containsExactly("", "x");
        assertThat(batch.eventTotal()).isEqualTo(3);
    }

    @Test
    void hostileRegistryInConfigFailsAsClientErrorWithoutSendingAnything() throws Exception {
        WorkspaceConfig ws = workspace(List.of("x.io\" | take 1"));
        EventSource source = new LogAnalyticsEventSource(ws, POLL,
                LogAnalyticsSources.client(ws, POLL, Optional.empty(), LocalhostTls.get().trustingContext,
                        Duration.ofMillis(500), Clock.fixed(NOW, ZoneOffset.UTC)), listener);

        SourceException e = fails(source);

        assertThat(e.reason()).isEqualTo(QueryFailureReason.CLIENT);
        assertThat(e.getMessage()).contains("registries[0]: expected a login server");
        wm.verify(0, postRequestedFor(urlPathEqualTo(QUERY_PATH)));
    }

    @Test
    void repositoryTableReadsTheRepositoryColumn() throws Exception {
        String columns = COLUMNS.substring(0, COLUMNS.length() - 1) + ",{\"name\":\"Repository\",\"type\":\"string\"}]";
        answer(200, "{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":" + columns + ",\"rows\":[[\"2026-11-23T20:59:00Z\","
                + "\"myreg.azurecr.io\",\"Push\",\"403\",\"sp\",2,\"2026-11-23T21:00:40Z\",3.0,2.0,"
                + "\"[[\\\"10.0.0.9\\\",2]]\",\"team/app\"]]}]}");

        EventBatch batch = adapter().fetch(LogTable.REPOSITORY, MINUTE);

        assertThat(batch.rows()).singleElement().satisfies(r -> {
            assertThat(r.table()).isEqualTo(LogTable.REPOSITORY);
            assertThat(r.repository()).isEqualTo("team/app");
            assertThat(r.operation()).isEqualTo("Push");
        });
        wm.verify(postRequestedFor(urlPathEqualTo(QUERY_PATH))
                .withRequestBody(matchingJsonPath("$.query", containing("ContainerRegistryRepositoryEvents"))));
    }
}
