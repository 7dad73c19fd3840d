package dev.acrwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoodConfigTest {

    private static final String MINIMAL = """
            workspaces:
              - name: prod
                id: 11111111-2222-3333-4444-555555555555
            """;

    @TempDir
    Path dir;

    @Test
    void minimalConfigGetsEveryDefault() throws Exception {
        AcrWatchConfig config = ConfigLoader.load("minimal", MINIMAL, Map.of());

        assertThat(config.workspaces()).containsExactly(new WorkspaceConfig(
                "prod", "11111111-2222-3333-4444-555555555555", Optional.empty(),
                new AuthConfig.DefaultChain(), List.of()));
        assertThat(config.workspaces().get(0).endpointOrDefault()).isEqualTo("https://api.loganalytics.io/v1");
        assertThat(config.poll()).isEqualTo(PollConfig.defaults());
        assertThat(config.metrics()).isEqualTo(MetricsConfig.defaults());
        assertThat(config.logging()).isEqualTo(LoggingConfig.defaults());
    }

    @Test
    void emptySectionsAndNullValuesMeanDefaults() throws Exception {
        AcrWatchConfig config = ConfigLoader.load("nulls", MINIMAL + "poll:\nmetrics: {port: null}\nlogging: {}\n", Map.of());

        assertThat(config.poll()).isEqualTo(PollConfig.defaults());
        assertThat(config.metrics()).isEqualTo(MetricsConfig.defaults());
        assertThat(config.logging()).isEqualTo(LoggingConfig.defaults());
    }

    @Test
    void fullConfigSetsEveryField() throws Exception {
        Path file = copyResource("full.yaml");
        Files.writeString(dir.resolve("tls.crt"), "cert");
        Files.writeString(dir.resolve("tls.key"), "key");
        Files.writeString(dir.resolve("scrape-password"), "pass word\n");

        AcrWatchConfig config = ConfigLoader.load(file, Map.of("SP_SECRET", "sp-secret-value", "METRICS_PORT", "9100"));

        List<WorkspaceConfig> ws = config.workspaces();
        assertThat(ws).hasSize(5);
        assertThat(ws.get(0).name()).isEqualTo("prod-west_1");
        assertThat(ws.get(0).id()).isEqualTo("aaaaaaaa-2222-3333-4444-555555555555");
        assertThat(ws.get(0).endpoint()).contains("https://api.loganalytics.us/v1");
        assertThat(ws.get(0).registries()).containsExactly("contosoprod.azurecr.io", "contosobuild.azurecr.io");
        AuthConfig.ClientSecret sp = (AuthConfig.ClientSecret) ws.get(0).auth();
        assertThat(sp.tenantId()).isEqualTo("contoso.onmicrosoft.com");
        assertThat(sp.clientId()).isEqualTo("bbbbbbbb-2222-3333-4444-555555555555");
        assertThat(sp.secret().reveal()).isEqualTo("sp-secret-value");
        assertThat(ws.get(1).auth()).isEqualTo(new AuthConfig.ManagedIdentity(Optional.of("99999999-2222-3333-4444-555555555555")));
        assertThat(ws.get(1).registries()).isEmpty();
        assertThat(ws.get(2).auth()).isEqualTo(new AuthConfig.WorkloadIdentity(
                Optional.of("99999999-aaaa-3333-4444-555555555555"), Optional.empty()));
        assertThat(ws.get(3).auth()).isEqualTo(new AuthConfig.None());
        assertThat(ws.get(3).endpoint()).contains("http://127.0.0.1:8089/v1");
        assertThat(ws.get(4).auth()).isEqualTo(new AuthConfig.DefaultChain());

        assertThat(config.poll()).isEqualTo(new PollConfig(
                PollConfig.defaults().interval(), Optional.of("0 0/5 * * * ?"), Duration.ofSeconds(90),
                Duration.ofDays(1), Duration.ofMinutes(150), Duration.ofDays(7), Duration.ofMinutes(10),
                20, Duration.ofMillis(500), 1000));

        MetricsConfig m = config.metrics();
        assertThat(m.address()).isEqualTo("127.0.0.1");
        assertThat(m.port()).isEqualTo(9100);
        assertThat(m.path()).isEqualTo("/prom/metrics");
        assertThat(m.tls()).contains(new MetricsConfig.Tls(dir.resolve("tls.crt").toAbsolutePath(), dir.resolve("tls.key").toAbsolutePath()));
        assertThat(m.basicAuth().orElseThrow().username()).isEqualTo("prometheus");
        assertThat(m.basicAuth().orElseThrow().passwordBcrypt()).isEmpty();
        assertThat(m.basicAuth().orElseThrow().password().orElseThrow().reveal()).isEqualTo("pass word");
        assertThat(m.topN()).isEqualTo(100);
        assertThat(m.topWindow()).isEqualTo(Duration.ofMinutes(15));

        assertThat(config.logging()).isEqualTo(new LoggingConfig("json", "debug"));
    }

    @Test
    void secretsAreRedactedInEveryToString() throws Exception {
        Path file = copyResource("full.yaml");
        Files.writeString(dir.resolve("tls.crt"), "cert");
        Files.writeString(dir.resolve("tls.key"), "key");
        Files.writeString(dir.resolve("scrape-password"), "scrape-password-value");

        AcrWatchConfig config = ConfigLoader.load(file, Map.of("SP_SECRET", "sp-secret-value", "METRICS_PORT", "9100"));

        AuthConfig sp = config.workspaces().get(0).auth();
        MetricsConfig.BasicAuth basic = config.metrics().basicAuth().orElseThrow();
        for (Object holder : List.of(sp, config.workspaces().get(0), basic, config.metrics(), config)) {
            assertThat(holder.toString()).doesNotContain("sp-secret-value", "scrape-password-value");
        }
        assertThat(sp.toString()).contains("<redacted>");
        assertThat(basic.toString()).contains("<redacted>");
    }

    @Test
    void bcryptPasswordIsKeptAndNotPrinted() throws Exception {
        String hash = "$2y$10$abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ01234";
        AcrWatchConfig config = ConfigLoader.load("bcrypt", MINIMAL
                + "metrics:\n  basic_auth: {username: prom, password_bcrypt: \"" + hash + "\"}\n", Map.of());

        MetricsConfig.BasicAuth basic = config.metrics().basicAuth().orElseThrow();
        assertThat(basic.passwordBcrypt()).contains(hash);
        assertThat(basic.password()).isEmpty();
        assertThat(basic.toString()).doesNotContain(hash);
    }

    @Test
    void variablesAreSubstitutedWithDefaultsAndEscapes() throws Exception {
        String yaml = MINIMAL + """
                    auth:
                      type: client_secret
                      tenant_id: ${TENANT:-contoso.onmicrosoft.com}
                      client_id: ${CLIENT}
                      client_secret: "$${NOT_A_VAR}-${EMPTY:-fallback}-${SET}"
                """;

        AcrWatchConfig config = ConfigLoader.load("env", yaml, Map.of(
                "CLIENT", "BBBBBBBB-2222-3333-4444-555555555555", "EMPTY", "", "SET", "v"));

        AuthConfig.ClientSecret sp = (AuthConfig.ClientSecret) config.workspaces().get(0).auth();
        assertThat(sp.tenantId()).isEqualTo("contoso.onmicrosoft.com");
        assertThat(sp.clientId()).isEqualTo("bbbbbbbb-2222-3333-4444-555555555555");
        assertThat(sp.secret().reveal()).isEqualTo("${NOT_A_VAR}-fallback-v");
    }

    @Test
    void aVariableCannotInjectYamlStructure() throws Exception {
        String injected = "prom\nlevel: trace\n  - x: {";
        AcrWatchConfig config = ConfigLoader.load("inject", MINIMAL
                + "metrics:\n  basic_auth:\n    username: ${USER}\n    password: ${PASS}\n", Map.of("USER", injected, "PASS", "p"));

        assertThat(config.metrics().basicAuth().orElseThrow().username()).isEqualTo(injected);
        assertThat(config.logging()).isEqualTo(LoggingConfig.defaults());
    }

    @Test
    void secretFileDropsExactlyOneTrailingNewlineAndResolvesFromTheConfigFolder() throws Exception {
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/sp"), "line-one\n\n");
        Path file = dir.resolve("acr-watch.yaml");
        Files.writeString(file, MINIMAL + """
                    auth:
                      type: client_secret
                      tenant_id: 99999999-aaaa-3333-4444-555555555555
                      client_id: 99999999-2222-3333-4444-555555555555
                      client_secret_file: secrets/sp
                """);

        AcrWatchConfig config = ConfigLoader.load(file, Map.of());

        AuthConfig.ClientSecret sp = (AuthConfig.ClientSecret) config.workspaces().get(0).auth();
        assertThat(sp.secret().reveal()).isEqualTo("line-one\n");
    }

    @Test
    void emptySecretFileIsAnErrorNamingTheFile() throws Exception {
        Path secret = Files.writeString(dir.resolve("empty"), "\n");
        String yaml = MINIMAL + "metrics:\n  basic_auth: {username: u, password_file: " + secret + "}\n";

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load("x", yaml, Map.of()));

        assertThat(e.problems()).containsExactly("metrics.basic_auth.password_file: file \"" + secret + "\" is empty");
    }

    @Test
    void missingConfigFileIsAClearError() {
        Path file = dir.resolve("nope.yaml");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));

        assertThat(e.getMessage()).isEqualTo(file + ": 1 problem(s):\n  cannot read the config file: no such file");
    }

    @Test
    void portMayComeFromTheEnvironment() throws Exception {
        AcrWatchConfig config = ConfigLoader.load("port", MINIMAL + "metrics:\n  port: ${PORT}\n", Map.of("PORT", "0"));

        assertThat(config.metrics().port()).isZero();
    }

    private Path copyResource(String name) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/config/good/" + name)) {
            Files.copy(in, target);
        }
        return target;
    }
}
