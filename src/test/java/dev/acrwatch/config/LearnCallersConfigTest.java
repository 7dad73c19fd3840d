package dev.acrwatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearnCallersConfigTest {

    private static final String WORKSPACE = """
            workspaces:
              - name: prod
                id: 11111111-2222-3333-4444-555555555555
            """;

    @TempDir
    Path dir;

    @Test
    void learningIsOffWhenTheSectionIsLeftOut() throws Exception {
        assertThat(load(WORKSPACE).learnCallers()).isEqualTo(LearnCallersConfig.DISABLED);
        assertThat(LearnCallersConfig.DISABLED.enabled()).isFalse();
    }

    @Test
    void everyLearningFieldIsRead() throws Exception {
        WorkspaceConfig ws = load(WORKSPACE + """
                    learn_callers:
                      enabled: true
                      min_hours: 5
                      of_hours: 48
                      max_silence: 30m
                """);
        assertThat(ws.learnCallers()).isEqualTo(new LearnCallersConfig(true, 5, 48, Duration.ofMinutes(30)));
    }

    @Test
    void leftOutFieldsTakeTheDocumentedDefaults() throws Exception {
        WorkspaceConfig ws = load(WORKSPACE + """
                    learn_callers:
                      enabled: true
                """);
        assertThat(ws.learnCallers()).isEqualTo(new LearnCallersConfig(true, 3, 24, Duration.ofMinutes(15)));
    }

    private WorkspaceConfig load(String yaml) throws Exception {
        Path file = dir.resolve("acr-watch.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file, Map.of()).workspaces().get(0);
    }
}
