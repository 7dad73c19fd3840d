package dev.acrwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.alert.LabelMatcher;
import dev.acrwatch.alert.Silence;
import dev.acrwatch.api.ApiServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SilenceCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Map<String, String> env = new HashMap<>(Map.of("USER", "jane"));
    private ApiServer s;

    @AfterEach
    void stop() {
        if (s != null) {
            s.close();
        }
    }

    private int run(String... args) {
        CommandLine cmd = new CommandLine(new SilenceCommand(env));
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }

    private String tokenFile(String token) throws Exception {
        return Files.writeString(dir.resolve("token"), token + "\n").toString();
    }

    @Test
    void addCreatesTheSilenceAsUserAndPrintsItsIdAndEnd() throws Exception {
        s = ApiServer.withToken();
        env.put("ACR_WATCH_API_TOKEN", ApiServer.TOKEN);

        int code = run("add", "--url", s.url(), "--matcher", "registry=x.azurecr.io",
                "--matcher", "class=~unauthorized|forbidden", "--duration", "2h", "--comment", "rotating the SP secret");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).isEqualTo("silence s1 created: registry=\"x.azurecr.io\","
                + " class=~\"unauthorized|forbidden\" until 2026-11-23T23:00:00Z" + System.lineSeparator());
        Silence created = s.registry.active().get(0);
        assertThat(created.createdBy()).isEqualTo("jane");
        assertThat(created.comment()).isEqualTo("rotating the SP secret");
        assertThat(created.matchers()).containsExactly(LabelMatcher.eq("registry", "x.azurecr.io"),
                LabelMatcher.re("class", "unauthorized|forbidden"));
    }

    @Test
    void addWithEndsAtAndTokenFileAndExplicitBy() throws Exception {
        s = ApiServer.withToken();

        int code = run("add", "--url", s.url() + "/", "--token-file", tokenFile(ApiServer.TOKEN),
                "--matcher", "registry=x.azurecr.io", "--ends-at", "2026-11-23T22:30:00Z", "--comment", "deploy",
                "--by", "bob");

        assertThat(code).as(err.toString()).isZero();
        assertThat(s.registry.active().get(0).endsAt()).isEqualTo(Instant.parse("2026-11-23T22:30:00Z"));
        assertThat(s.registry.active().get(0).createdBy()).isEqualTo("bob");
    }

    @Test
    void listPrintsATableOfActiveSilences() throws Exception {
        s = ApiServer.withToken();
        s.registry.add(List.of(LabelMatcher.eq("registry", "x.azurecr.io")), null,
                Instant.parse("2026-11-23T23:00:00Z"), "jane", "rotating");
        s.registry.add(List.of(LabelMatcher.re("class", "throttled")), null,
                Instant.parse("2026-11-23T21:30:00Z"), "bob", "scale-up\u001b[31m");
        s.clock.advance(Duration.ofHours(1));

        int code = run("list", "--url", s.url());

        assertThat(code).as(err.toString()).isZero();
        String nl = System.lineSeparator();
        assertThat(out.toString()).isEqualTo(
                "ID  STATE   ENDS AT               CREATED BY  MATCHERS                 COMMENT" + nl
                + "s1  active  2026-11-23T23:00:00Z  jane        registry=\"x.azurecr.io\"  rotating" + nl);

        out.getBuffer().setLength(0);
        assertThat(run("list", "--url", s.url(), "--state", "expired")).isZero();
        assertThat(out.toString()).contains("s2  expired").contains("scale-up [31m").doesNotContain("\u001b");
    }

    @Test
    void listWithNothingSaysSo() throws Exception {
        s = ApiServer.withToken();

        assertThat(run("list", "--url", s.url())).isZero();

        assertThat(out.toString()).isEqualTo("no active silences" + System.lineSeparator());
    }

    @Test
    void expireEndsTheSilenceWithByAndReason() throws Exception {
        s = ApiServer.withToken();
        env.put("ACR_WATCH_API_TOKEN", ApiServer.TOKEN);
        s.registry.add(List.of(LabelMatcher.eq("registry", "x.azurecr.io")), null,
                Instant.parse("2026-11-23T23:00:00Z"), "jane", "rotating");
        s.clock.advance(Duration.ofMinutes(5));

        int code = run("expire", "s1", "--url", s.url(), "--reason", "secret rotated & verified");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).isEqualTo("silence s1 expired at 2026-11-23T21:05:00Z" + System.lineSeparator());
        assertThat(s.api.audit().get(0).by()).isEqualTo("jane");
        assertThat(s.api.audit().get(0).reason()).isEqualTo("secret rotated & verified");
    }

    @Test
    void serverRefusalExitsOneWithTheServersMessage() throws Exception {
        s = ApiServer.withToken();
        env.put("ACR_WATCH_API_TOKEN", ApiServer.TOKEN);

        int code = run("add", "--url", s.url(), "--matcher", "class~x", "--duration", "2h", "--comment", "c");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("acr-watch silence: the daemon refused (HTTP 400): matchers[0]: expected"
                + " label=value, label!=value, label=~regex or label!~regex, found \"class~x\"" + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void wrongTokenExitsOneAndUnknownIdExitsOne() throws Exception {
        s = ApiServer.withToken();
        env.put("ACR_WATCH_API_TOKEN", "wrong");

        assertThat(run("expire", "nope", "--url", s.url(), "--reason", "r")).isEqualTo(1);
        assertThat(err.toString()).contains("HTTP 401").doesNotContain(ApiServer.TOKEN);

        env.put("ACR_WATCH_API_TOKEN", ApiServer.TOKEN);
        err.getBuffer().setLength(0);
        assertThat(run("expire", "nope", "--url", s.url(), "--reason", "r")).isEqualTo(1);
        assertThat(err.toString()).contains("HTTP 404): id: no silence \"nope\"");
    }

    @Test
    void basicAuthEndpointWorksWithUserPasswordFileAndToken() throws Exception {
        s = ApiServer.withTokenAndBasicAuth("prom", "scrape-pw");
        env.put("ACR_WATCH_API_TOKEN", ApiServer.TOKEN);
        String pw = Files.writeString(dir.resolve("pw"), "scrape-pw\n").toString();

        assertThat(run("list", "--url", s.url())).isEqualTo(1);
        assertThat(err.toString()).contains("HTTP 401): unauthorized (the endpoint wants basic auth");

        int code = run("add", "--url", s.url(), "--user", "prom", "--password-file", pw,
                "--matcher", "registry=x.azurecr.io", "--duration", "1h", "--comment", "c");
        assertThat(code).as(err.toString()).isZero();
        assertThat(s.registry.active()).hasSize(1);
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        s = ApiServer.withToken();

        // neither --duration nor --ends-at
        assertThat(run("add", "--url", s.url(), "--matcher", "a=b", "--comment", "c")).isEqualTo(2);
        // both
        assertThat(run("add", "--url", s.url(), "--matcher", "a=b", "--comment", "c", "--duration", "1h",
                "--ends-at", "2026-11-23T23:00:00Z")).isEqualTo(2);
        // no comment
        assertThat(run("add", "--url", s.url(), "--matcher", "a=b", "--duration", "1h")).isEqualTo(2);
        // no reason
        assertThat(run("expire", "s1", "--url", s.url())).isEqualTo(2);
        // no token anywhere
        err.getBuffer().setLength(0);
        assertThat(run("add", "--url", s.url(), "--matcher", "a=b", "--duration", "1h", "--comment", "c"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("no API token: pass --token-file FILE or set ACR_WATCH_API_TOKEN");
        // no USER and no --by
        env.remove("USER");
        env.put("ACR_WATCH_API_TOKEN", ApiServer.TOKEN);
        assertThat(run("add", "--url", s.url(), "--matcher", "a=b", "--duration", "1h", "--comment", "c"))
                .isEqualTo(2);
        assertThat(run("list", "--url", "ftp://x")).isEqualTo(2);
        assertThat(s.registry.all()).isEmpty();
    }

    @Test
    void unreachableDaemonExitsThree() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }

        int code = run("list", "--url", "http://127.0.0.1:" + port);

        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).isEqualTo("acr-watch silence: cannot reach the daemon at http://127.0.0.1:" + port
                + ": connection refused" + System.lineSeparator());
    }
}
