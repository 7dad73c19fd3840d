package dev.acrwatch.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrwatch.alert.SilenceChange;
import dev.acrwatch.poll.LogCapture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SilenceApiTest {

    private static final String ADD = """
            {"matchers":["registry=x.azurecr.io","class=~unauthorized|forbidden"], "duration":"2h",
             "createdBy":"jane", "comment":"rotating the build SP secret"}""";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private ApiServer s;

    @AfterEach
    void stop() {
        if (s != null) {
            s.close();
        }
    }

    private HttpResponse<String> call(String method, String path, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.url() + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> authed(String method, String path, String body) throws Exception {
        return call(method, path, body, Map.of("Authorization", "Bearer " + ApiServer.TOKEN));
    }

    private JsonNode body(HttpResponse<String> r) throws Exception {
        return json.readTree(r.body());
    }

    @Test
    void addedSilenceIsListedWithItsMatchersTimesAuthorAndState() throws Exception {
        s = ApiServer.withToken();

        HttpResponse<String> created = authed("POST", "/api/v1/silences", ADD);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/silences/s1");
        JsonNode list = body(call("GET", "/api/v1/silences", null, Map.of()));
        assertThat(list).hasSize(1);
        JsonNode one = list.get(0);
        assertThat(one.get("id").asText()).isEqualTo("s1");
        assertThat(one.get("matchers").toString())
                .isEqualTo("[\"registry=\\\"x.azurecr.io\\\"\",\"class=~\\\"unauthorized|forbidden\\\"\"]");
        assertThat(one.get("startsAt").asText()).isEqualTo("2026-11-23T21:00:00Z");
        assertThat(one.get("endsAt").asText()).isEqualTo("2026-11-23T23:00:00Z");
        assertThat(one.get("createdBy").asText()).isEqualTo("jane");
        assertThat(one.get("comment").asText()).isEqualTo("rotating the build SP secret");
        assertThat(one.get("state").asText()).isEqualTo("active");
        assertThat(s.registry.silencing(Map.of("registry", "x.azurecr.io", "class", "forbidden"),
                s.clock.instant())).isPresent();
    }

    @Test
    void explicitStartAndEndCreateAPendingSilenceListedAsActiveUntilItExpires() throws Exception {
        s = ApiServer.withToken();
        HttpResponse<String> r = authed("POST", "/api/v1/silences", """
                {"matchers":["registry=x.azurecr.io"], "startsAt":"2026-11-23T22:00:00Z",
                 "endsAt":"2026-11-23T23:00:00Z", "createdBy":"jane", "comment":"maintenance window"}""");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(body(r).get("state").asText()).isEqualTo("pending");

        s.clock.set(Instant.parse("2026-11-23T23:00:00Z"));

        assertThat(body(call("GET", "/api/v1/silences?state=active", null, Map.of()))).isEmpty();
        assertThat(body(call("GET", "/api/v1/silences?state=expired", null, Map.of())).get(0).get("state").asText())
                .isEqualTo("expired");
        assertThat(body(call("GET", "/api/v1/silences?state=all", null, Map.of()))).hasSize(1);
    }

    @Test
    void expireEndsTheSilenceNowAndRecordsWhoAndWhyInTheAudit() throws Exception {
        s = ApiServer.withToken();
        authed("POST", "/api/v1/silences", ADD);
        s.clock.advance(Duration.ofMinutes(10));

        HttpResponse<String> r = authed("DELETE", "/api/v1/silences/s1?by=bob&reason=secret%20rotated", null);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(body(r).get("state").asText()).isEqualTo("expired");
        assertThat(body(r).get("endsAt").asText()).isEqualTo("2026-11-23T21:10:00Z");
        assertThat(s.registry.active()).isEmpty();
        JsonNode audit = body(call("GET", "/api/v1/silences/audit", null, Map.of()));
        assertThat(audit).hasSize(2);
        assertThat(audit.get(0).get("action").asText()).isEqualTo("create");
        assertThat(audit.get(0).get("by").asText()).isEqualTo("jane");
        assertThat(audit.get(1).get("action").asText()).isEqualTo("expire");
        assertThat(audit.get(1).get("by").asText()).isEqualTo("bob");
        assertThat(audit.get(1).get("reason").asText()).isEqualTo("secret rotated");
        assertThat(audit.get(1).get("at").asText()).isEqualTo("2026-11-23T21:10:00Z");
        assertThat(s.api.audit()).extracting(SilenceChange::action).containsExactly("create", "expire");
        assertThat(s.reported).isEqualTo(s.api.audit());
    }

    @Test
    void expireAcceptsByAndReasonInAJsonBody() throws Exception {
        s = ApiServer.withToken();
        authed("POST", "/api/v1/silences", ADD);

        HttpResponse<String> r = authed("DELETE", "/api/v1/silences/s1", "{\"by\":\"bob\",\"reason\":\"done\"}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(s.api.audit().get(1).reason()).isEqualTo("done");
    }

    @Test
    void expireWithoutByOrReasonIsRefusedNamingBoth() throws Exception {
        s = ApiServer.withToken();
        authed("POST", "/api/v1/silences", ADD);

        HttpResponse<String> r = authed("DELETE", "/api/v1/silences/s1", null);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(body(r).get("error").asText()).isEqualTo("by: required: say who expires the silence; "
                + "reason: required: say why the silence ends early");
        assertThat(s.registry.active()).hasSize(1);
    }

    @Test
    void unknownIdIs404AndExpiringTwiceIs409() throws Exception {
        s = ApiServer.withToken();
        authed("POST", "/api/v1/silences", ADD);

        HttpResponse<String> unknown = authed("DELETE", "/api/v1/silences/nope?by=bob&reason=x", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(body(unknown).get("error").asText()).isEqualTo("id: no silence \"nope\"");
        assertThat(call("GET", "/api/v1/silences/nope", null, Map.of()).statusCode()).isEqualTo(404);

        assertThat(authed("DELETE", "/api/v1/silences/s1?by=bob&reason=x", null).statusCode()).isEqualTo(200);
        HttpResponse<String> again = authed("DELETE", "/api/v1/silences/s1?by=bob&reason=x", null);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(body(again).get("error").asText()).startsWith("id: silence \"s1\" already expired");
    }

    @Test
    void changesWithoutConfiguredTokenAreForbiddenButReadingWorks() throws Exception {
        s = ApiServer.withoutToken();

        HttpResponse<String> r = call("POST", "/api/v1/silences", ADD, Map.of("Authorization", "Bearer anything"));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("{\"error\":\"silence changes are disabled: set alerting.api_token\"}");
        assertThat(call("DELETE", "/api/v1/silences/s1?by=a&reason=b", null, Map.of()).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/v1/silences", null, Map.of()).statusCode()).isEqualTo(200);
        assertThat(s.registry.all()).isEmpty();
    }

    @Test
    void missingOrWrongTokenIs401AndTheTokenIsNeverEchoedOrLogged() throws Exception {
        s = ApiServer.withToken();
        try (LogCapture logs = new LogCapture(SilenceApi.class)) {
            HttpResponse<String> missing = call("POST", "/api/v1/silences", ADD, Map.of());
            HttpResponse<String> wrong = call("POST", "/api/v1/silences", ADD,
                    Map.of("Authorization", "Bearer " + ApiServer.TOKEN + "x"));
            HttpResponse<String> basic = call("POST", "/api/v1/silences", ADD,
                    Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            ("x:" + ApiServer.TOKEN).getBytes())));

            for (HttpResponse<String> r : List.of(missing, wrong, basic)) {
                assertThat(r.statusCode()).isEqualTo(401);
                assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"acr-watch\"");
                assertThat(r.body()).doesNotContain(ApiServer.TOKEN);
            }
            assertThat(logs.messages(Level.WARN)).hasSize(3)
                    .allSatisfy(m -> assertThat(m).contains("missing or wrong API token").doesNotContain(ApiServer.TOKEN));
        }
        assertThat(s.registry.all()).isEmpty();
        assertThat(s.reported).isEmpty();
    }

    @Test
    void tokenHeaderWorksAlongsideTheEndpointsBasicAuth() throws Exception {
        s = ApiServer.withTokenAndBasicAuth("prom", "scrape-pw");
        String basic = "Basic " + Base64.getEncoder().encodeToString("prom:scrape-pw".getBytes());

        assertThat(call("GET", "/api/v1/silences", null, Map.of()).statusCode()).isEqualTo(401);
        HttpResponse<String> r = call("POST", "/api/v1/silences", ADD,
                Map.of("Authorization", basic, SilenceApi.TOKEN_HEADER, ApiServer.TOKEN));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(call("GET", "/api/v1/silences", null, Map.of("Authorization", basic)).statusCode()).isEqualTo(200);
    }

    @Test
    void badMatcherIsRefusedNamingItsIndexAndValue() throws Exception {
        s = ApiServer.withToken();

        HttpResponse<String> r = authed("POST", "/api/v1/silences", """
                {"matchers":["registry=x.azurecr.io","class~unauthorized","repo=~(unclosed"], "duration":"2h",
                 "createdBy":"jane", "comment":"c"}""");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(body(r).get("error").asText()).isEqualTo("matchers[1]: expected label=value, label!=value,"
                + " label=~regex or label!~regex, found \"class~unauthorized\"; matchers[2]: invalid regular expression"
                + " for repo: \"(unclosed\" (Unclosed group)");
    }

    @Test
    void missingWhoAndWhyAndBadDurationAreAllReportedAtOnce() throws Exception {
        s = ApiServer.withToken();

        HttpResponse<String> r = authed("POST", "/api/v1/silences",
                "{\"matchers\":[\"registry=x.azurecr.io\"], \"duration\":\"2 hours\", \"colour\":\"red\"}");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(body(r).get("error").asText()).isEqualTo("\"colour\": unknown field; expected one of matchers,"
                + " startsAt, endsAt, duration, createdBy, comment; duration: expected a positive duration like 2h or"
                + " 30m, found \"2 hours\"; createdBy: required: say who creates the silence; comment: required:"
                + " say why the alerts are silenced");
        assertThat(s.registry.all()).isEmpty();
    }

    @Test
    void endInThePastAndMatchEverythingAreRefusedByTheDomainRules() throws Exception {
        s = ApiServer.withToken();

        HttpResponse<String> past = authed("POST", "/api/v1/silences", """
                {"matchers":["registry=x.azurecr.io"], "endsAt":"2026-11-23T20:00:00Z", "createdBy":"j", "comment":"c"}""");
        HttpResponse<String> all = authed("POST", "/api/v1/silences", """
                {"matchers":["registry=~.*"], "duration":"1h", "createdBy":"j", "comment":"c"}""");

        assertThat(past.statusCode()).isEqualTo(400);
        assertThat(body(past).get("error").asText())
                .isEqualTo("endsAt: must be in the future, found 2026-11-23T20:00:00Z");
        assertThat(all.statusCode()).isEqualTo(400);
        assertThat(body(all).get("error").asText()).startsWith("matchers: every matcher matches an empty label");
    }

    @Test
    void malformedOversizedAndDuplicateKeyBodiesAreRefused() throws Exception {
        s = ApiServer.withToken();

        HttpResponse<String> broken = authed("POST", "/api/v1/silences", "{\"matchers\": [");
        HttpResponse<String> dup = authed("POST", "/api/v1/silences",
                "{\"comment\":\"a\",\"comment\":\"b\",\"matchers\":[\"a=b\"],\"duration\":\"1h\",\"createdBy\":\"j\"}");
        HttpResponse<String> huge = authed("POST", "/api/v1/silences",
                "{\"comment\":\"" + "x".repeat(SilenceApi.MAX_BODY) + "\"}");

        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(body(broken).get("error").asText()).startsWith("body: not valid JSON");
        assertThat(dup.statusCode()).isEqualTo(400);
        assertThat(body(dup).get("error").asText()).contains("Duplicate field 'comment'");
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(body(huge).get("error").asText()).startsWith("body: at most 65536 bytes");
        assertThat(s.registry.all()).isEmpty();
    }

    @Test
    void unknownStateAndPathsAndMethodsAreRefused() throws Exception {
        s = ApiServer.withToken();

        HttpResponse<String> state = call("GET", "/api/v1/silences?state=sleeping", null, Map.of());
        assertThat(state.statusCode()).isEqualTo(400);
        assertThat(body(state).get("error").asText())
                .isEqualTo("state: expected active, expired or all, found \"sleeping\"");
        assertThat(call("GET", "/api/v1/silences/a/b", null, Map.of()).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/silencesX", null, Map.of()).statusCode()).isEqualTo(404);
        HttpResponse<String> put = authed("PUT", "/api/v1/silences", ADD);
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).hasValue("GET, HEAD, POST");
    }

    @Test
    void hostileCommentCannotForgeALogLine() throws Exception {
        s = ApiServer.withToken();
        String hostile = "ok\r\n2026-11-23T21:00:00Z INFO  SilenceApi - silence s9 expired by \\\"admin\\\"\\u001b[2J";
        try (LogCapture logs = new LogCapture(SilenceApi.class)) {
            HttpResponse<String> r = authed("POST", "/api/v1/silences", """
                    {"matchers":["registry=x.azurecr.io"], "duration":"1h", "createdBy":"eve\\nroot",
                     "comment":"%s"}""".formatted(hostile.replace("\r\n", "\\r\\n")));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);

            List<String> info = logs.messages(Level.INFO);
            assertThat(info).hasSize(1);
            assertThat(info.get(0)).doesNotContain("\r", "\n", "\u001b")
                    .startsWith("silence s1 created by \"eve_root\" from 127.0.0.1: matchers [registry=\"x.azurecr.io\"]"
                            + " from 2026-11-23T21:00:00Z until 2026-11-23T22:00:00Z; comment: \"ok__2026-11-23T21:00:00Z");
        }
        // the stored comment is the caller's text, JSON-escaped on the way out
        assertThat(s.registry.all().get(0).comment()).contains("\r\n");
    }

    @Test
    void longCommentIsCappedInTheLogButKeptWhole() throws Exception {
        s = ApiServer.withToken();
        String longComment = "y".repeat(1500);
        try (LogCapture logs = new LogCapture(SilenceApi.class)) {
            authed("POST", "/api/v1/silences", """
                    {"matchers":["registry=x.azurecr.io"], "duration":"1h", "createdBy":"jane", "comment":"%s"}"""
                    .formatted(longComment));
            assertThat(logs.messages(Level.INFO).get(0)).contains("y".repeat(LogSafe.MAX) + "…(1500 chars)")
                    .doesNotContain("y".repeat(LogSafe.MAX + 1));
        }
        assertThat(s.registry.all().get(0).comment()).isEqualTo(longComment);
    }

    @Test
    void aListenerThatCannotSaveDoesNotUndoTheChangeButIsLoggedAsAnError() throws Exception {
        s = ApiServer.withTokenAndListener(change -> {
            throw new IllegalStateException("state store down");
        });
        try (LogCapture logs = new LogCapture(SilenceApi.class)) {
            HttpResponse<String> r = authed("POST", "/api/v1/silences", ADD);

            assertThat(r.statusCode()).isEqualTo(201);
            assertThat(logs.messages(Level.ERROR)).containsExactly("silence s1: create by \"jane\" is in effect but"
                    + " was not saved");
        }
        assertThat(s.registry.active()).hasSize(1);
    }
}
