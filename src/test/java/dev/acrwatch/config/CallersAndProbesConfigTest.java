package dev.acrwatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.acrwatch.probe.ProbeConfig;
import dev.acrwatch.probe.ProbeTarget;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallersAndProbesConfigTest {

    private static final String WORKSPACE = """
            workspaces:
              - name: prod
                id: 11111111-2222-3333-4444-555555555555
                registries: [contosoprod.azurecr.io]
            """;

    @TempDir
    Path dir;

    @Test
    void everyCallerAndProbeFieldIsRead() throws Exception {
        Path file = dir.resolve("callers-probes.yaml");
        try (InputStream in = getClass().getResourceAsStream("/config/good/callers-probes.yaml")) {
            Files.copy(in, file);
        }
        writeTrustStore(dir.resolve("probe-trust.p12"), "trust-pass");
        Files.writeString(dir.resolve("probe-trust-password"), "trust-pass\n");

        AcrWatchConfig config = ConfigLoader.load(file, Map.of());

        WorkspaceConfig prod = config.workspaces().get(0);
        assertThat(prod.registries()).containsExactly("contosobuild.azurecr.io", "contosoprod.azurecr.io");
        assertThat(prod.privateEndpointRegistries()).containsExactly("contosoprod.azurecr.io");
        assertThat(prod.expectedCallers()).containsExactly(
                new ExpectedCaller("contosoprod.azurecr.io", "aks-prod-pool2",
                        List.of("10.240.1.0/24", "10.250.0.9/32"),
                        List.of("aks-prod-agentpool2", "svc \"quoted\" \\back\\slash"), Duration.ofMinutes(20)),
                new ExpectedCaller("contosoprod.azurecr.io", "build_agents", List.of(), List.of("build-agent"),
                        Duration.ofMinutes(15)));
        WorkspaceConfig staging = config.workspaces().get(1);
        assertThat(staging.registries()).containsExactly("contosoprod.azurecr.io", "contosobuild.azurecr.io");
        assertThat(staging.privateEndpointRegistries()).containsExactly("contosobuild.azurecr.io");
        assertThat(staging.expectedCallers()).containsExactly(new ExpectedCaller("contosobuild.azurecr.io",
                "aks-prod-pool2", List.of("0.0.0.0/0"), List.of(), Duration.ofMinutes(15)));

        ProbeConfig probes = config.probes().orElseThrow();
        assertThat(probes.interval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(probes.timeouts()).isEqualTo(new ProbeConfig.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(3),
                Duration.ofSeconds(4), Duration.ofSeconds(6), Duration.ofSeconds(20)));
        // each registry once, in first-listed order; private if any workspace expects it
        assertThat(probes.targets()).containsExactly(
                new ProbeTarget("contosobuild.azurecr.io", 8443, true),
                new ProbeTarget("contosoprod.azurecr.io", 8443, true));
        ProbeConfig.TrustStore ts = probes.trustStore().orElseThrow();
        assertThat(ts.path()).isEqualTo(dir.resolve("probe-trust.p12").toAbsolutePath());
        assertThat(ts.type()).isEqualTo("PKCS12");
        assertThat(ts.password().orElseThrow().reveal()).isEqualTo("trust-pass");
    }

    @Test
    void probesKeyWithNoValueMeansDefaultsForEveryListedRegistry() throws Exception {
        AcrWatchConfig config = ConfigLoader.load("t", WORKSPACE + "probes:\n", Map.of());

        assertThat(config.probes()).contains(
                ProbeConfig.defaults(List.of(ProbeTarget.of("contosoprod.azurecr.io", false))));
    }

    @Test
    void probesLeftOutOrDisabledMeansNoProbes() throws Exception {
        assertThat(ConfigLoader.load("t", WORKSPACE, Map.of()).probes()).isEmpty();
        assertThat(ConfigLoader.load("t", WORKSPACE + "probes: {enabled: false}\n", Map.of()).probes()).isEmpty();
    }

    @Test
    void disabledProbesNeedNoRegistries() throws Exception {
        String noRegistries = WORKSPACE.replace("    registries: [contosoprod.azurecr.io]\n", "");
        assertThat(ConfigLoader.load("t", noRegistries + "probes: {enabled: false}\n", Map.of()).probes()).isEmpty();
    }

    @Test
    void plainStringRegistriesHaveNoCallersAndNoPrivateEndpoint() throws Exception {
        WorkspaceConfig ws = ConfigLoader.load("t", WORKSPACE, Map.of()).workspaces().get(0);

        assertThat(ws.expectedCallers()).isEmpty();
        assertThat(ws.privateEndpointRegistries()).isEmpty();
    }

    @Test
    void trustStoreWithWrongPasswordFailsAtLoadWithoutShowingThePassword() throws Exception {
        writeTrustStore(dir.resolve("trust.p12"), "right-pass");
        String yaml = WORKSPACE + "probes:\n  trust_store: {path: trust.p12, password: \"${PW}\"}\n";
        Path file = dir.resolve("c.yaml");
        Files.writeString(file, yaml);

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(file, Map.of("PW", "wrong-pass-8675309")));

        assertThat(e).isNotNull();
        assertThat(e.problems()).singleElement().asString()
                .startsWith("probes.trust_store.path: cannot load \"" + dir.resolve("trust.p12") + "\" as a PKCS12 trust store: ")
                .doesNotContain("8675309");
    }

    private static void writeTrustStore(Path file, String password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password.toCharArray());
        }
    }
}
