package dev.acrwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped example configs are what SREs copy: they must load as they are. */
class ExampleConfigsTest {

    private static final Path CONFIG_DIR = Path.of(System.getProperty("basedir", ".")).resolve("config");

    @Test
    void referenceExampleLoadsWithItsSecretFromTheEnvironment() throws Exception {
        AcrWatchConfig config = ConfigLoader.load(CONFIG_DIR.resolve("acr-watch.example.yaml"),
                Map.of("ACR_WATCH_SP_SECRET", "example-secret"));

        assertThat(config.workspaces()).extracting(WorkspaceConfig::name).containsExactly("prod", "staging");
        assertThat(config.workspaces().get(0).registries()).hasSize(3);
        assertThat(((AuthConfig.ClientSecret) config.workspaces().get(0).auth()).secret().reveal()).isEqualTo("example-secret");
        // the reference shows every default: the values it sets must be the defaults it documents
        assertThat(config.poll()).isEqualTo(PollConfig.defaults());
        assertThat(config.metrics()).isEqualTo(MetricsConfig.defaults());
        assertThat(config.logging()).isEqualTo(LoggingConfig.defaults());
    }

    @Test
    void minimalExampleLoadsWithNoEnvironment() throws Exception {
        AcrWatchConfig config = ConfigLoader.load(CONFIG_DIR.resolve("minimal.yaml"), Map.of());

        assertThat(config.workspaces()).singleElement()
                .satisfies(ws -> assertThat(ws.auth()).isEqualTo(new AuthConfig.DefaultChain()));
    }
}
