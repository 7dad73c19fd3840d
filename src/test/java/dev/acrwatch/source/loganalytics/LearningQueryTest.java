package dev.acrwatch.source.loganalytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acrwatch.config.AuthConfig;
import dev.acrwatch.config.LearnCallersConfig;
import dev.acrwatch.config.WorkspaceConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LearningQueryTest {

    static WorkspaceConfig learning(List<String> registries, int minHours, int ofHours) {
        return new WorkspaceConfig("prod", "00000000-0000-0000-0000-000000000001", Optional.empty(),
                new AuthConfig.None(), registries, List.of(), List.of(),
                new LearnCallersConfig(true, minHours, ofHours, Duration.ofMinutes(15)));
    }

    @Test
    void windowCoversOfHoursWholeHoursEndingNow() {
        KqlTemplates.LearningQuery q = KqlTemplates.learningQuery(
                learning(List.of(), 3, 24), Instant.parse("2026-11-23T21:17:00Z"));

        assertThat(q.timespanStart()).isEqualTo(Instant.parse("2026-11-22T22:00:00Z"));
        assertThat(q.timespanEnd()).isEqualTo(Instant.parse("2026-11-23T21:17:00Z"));
        assertThat(q.text())
                .contains("let lo = datetime(2026-11-22T22:00:00")
                .contains("let hi = datetime(2026-11-23T21:17:00")
                .contains("| where Hours >= 3\n")
                .contains("union ContainerRegistryLoginEvents, ContainerRegistryRepositoryEvents")
                .contains("dcount(bin(TimeGenerated, 1h))")
                .contains("format_ipv4_mask(CallerIpAddress, 24)")
                .doesNotContain("LoginServer in~");
    }

    @Test
    void configuredRegistriesFilterTheLearningQuery() {
        String text = KqlTemplates.learningQuery(learning(List.of("ContosoProd.azurecr.io", "b.azurecr.io"), 2, 6),
                Instant.parse("2026-11-23T21:00:00Z")).text();

        assertThat(text).contains("| where LoginServer in~ (\"contosoprod.azurecr.io\", \"b.azurecr.io\")");
    }

    @Test
    void aHostileRegistryNameIsRefusedNotRendered() {
        assertThatThrownBy(() -> KqlTemplates.learningQuery(learning(List.of("a.io\") | take 1 //"), 1, 1),
                Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("registries[0]: expected a login server");
    }
}
