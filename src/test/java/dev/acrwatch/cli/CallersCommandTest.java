package dev.acrwatch.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code acr-watch callers} against a loopback WireMock speaking the Log Analytics query API. */
class CallersCommandTest {

    static final String ID = "11111111-2222-3333-4444-555555555555";
    static final String QUERY_PATH = "/v1/workspaces/" + ID + "/query";
    static final Instant NOW = Instant.parse("2026-11-23T21:17:00Z");
    static final String COLUMNS = "[{\"name\":\"LoginServer\",\"type\":\"string\"},{\"name\":\"Kind\",\"type\":\"string\"},"
            + "{\"name\":\"Caller\",\"type\":\"string\"},{\"name\":\"Hours\",\"type\":\"long\"},"
            + "{\"name\":\"LastSeen\",\"type\":\"datetime\"}]";

    static WireMockServer wm;

    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeAll
    static void start() {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
    }

    @AfterAll
    static void stop() {
        wm.stop();
    }

    @BeforeEach
    void reset() {
        wm.resetAll();
    }

    String config(String learning) {
        return """
                poll:
                  max_attempts: 1
                workspaces:
                  - name: prod
                    id: %s
                    endpoint: http://127.0.0.1:%d/v1
                    auth: {type: none}
                    registries:
                      - login_server: contosoprod.azurecr.io
                        expected_callers:
                          - name: aks-pool
                            cidrs: [10.240.1.0/24]
                            identities: [build-agent]
                            max_silence: 20m
                      - contosobuild.azurecr.io
                %s
                  - name: staging
                    id: 22222222-2222-3333-4444-555555555555
                    endpoint: http://127.0.0.1:%d/v1
                    auth: {type: none}
                """.formatted(ID, wm.port(), learning, wm.port());
    }

    int run(String yaml) throws Exception {
        Path file = dir.resolve("acr-watch.yaml");
        Files.writeString(file, yaml);
        return new CommandLine(new CallersCommand(Map.of(), Clock.fixed(NOW, ZoneOffset.UTC)))
                .setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("--config", file.toString());
    }

    static final String LEARNING = "    learn_callers:\n      enabled: true\n      min_hours: 3\n"
            + "      of_hours: 24\n      max_silence: 30m";

    @Test
    void printsConfiguredCallersAndTheCallersThatQualifyNow() throws Exception {
        wm.stubFor(post(urlPathEqualTo(QUERY_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"tables\":[{\"name\":\"PrimaryResult\",\"columns\":" + COLUMNS + ",\"rows\":["
                        + "[\"contosoprod.azurecr.io\",\"identity\",\"deploy-bot\",24,\"2026-11-23T21:10:00Z\"],"
                        + "[\"contosoprod.azurecr.io\",\"ip\",\"10.240.1.0/24\",20,\"2026-11-23T21:12:00Z\"],"
                        + "[\"contosobuild.azurecr.io\",\"identity\",\"evil\\u001b[2J\\nbot\",3,\"2026-11-23T20:10:00Z\"]"
                        + "]}]}")));

        int code = run(config(LEARNING));

        assertThat(err.toString()).isEmpty();
        assertThat(code).isZero();
        assertThat(out.toString()).isEqualTo("""
                workspace prod (11111111-2222-3333-4444-555555555555)
                  registry contosoprod.azurecr.io
                    aks-pool  cidrs 10.240.1.0/24  identities build-agent  max_silence 20m
                  registry contosobuild.azurecr.io
                    no expected callers configured
                  learning: callers seen in at least 3 of the last 24 hours (max_silence 30m)
                    contosoprod.azurecr.io  identity deploy-bot  seen in 24 of 24 hours, last 2026-11-23T21:10:00Z  as learned-id-deploy-bot
                    contosoprod.azurecr.io  ip block 10.240.1.0/24  seen in 20 of 24 hours, last 2026-11-23T21:12:00Z  (already configured, not learned)
                    contosobuild.azurecr.io  identity evil [2J bot  seen in 3 of 24 hours, last 2026-11-23T20:10:00Z  as learned-id-evil--2--bot-%08x
                workspace staging (22222222-2222-3333-4444-555555555555)
                  every registry in the workspace: no expected callers configured
                  learning: off
                """.formatted("evil\u001b[2J\nbot".hashCode()));
        wm.verify(1, postRequestedFor(urlPathEqualTo(QUERY_PATH))
                .withRequestBody(containing("dcount(bin(TimeGenerated, 1h))")));
    }

    @Test
    void withoutLearningNothingIsQueried() throws Exception {
        int code = run(config(""));

        assertThat(code).isZero();
        assertThat(out.toString()).contains("    aks-pool  cidrs 10.240.1.0/24  identities build-agent  max_silence 20m\n")
                .doesNotContain("learning: callers");
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    @Test
    void aFailingLearningQueryExitsWith3AndSaysWhy() throws Exception {
        wm.stubFor(post(urlPathEqualTo(QUERY_PATH)).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"InsufficientAccessError\",\"message\":\"no read access\"}}")));

        int code = run(config(LEARNING));

        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).startsWith("workspace prod: learning query failed (AUTH): workspace prod learning query");
        assertThat(out.toString()).contains("workspace staging");
    }

    @Test
    void anInvalidConfigExitsWith1AndNamesTheProblem() throws Exception {
        int code = run(config(LEARNING.replace("min_hours: 3", "min_hours: 30")));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("workspaces[0].learn_callers.min_hours: must not exceed of_hours (24), found 30");
        assertThat(out.toString()).isEmpty();
        assertThat(wm.getAllServeEvents()).isEmpty();
    }
}
