package dev.acrwatch.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.alert.AlertSnapshot;
import dev.acrwatch.alert.AlertStatus;
import dev.acrwatch.alert.Contributor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MessageModelTest {

    @Test
    void firingSummaryStatesCountThresholdAndWindow() {
        AlertView v = Fixtures.view(Fixtures.firing("sp"));
        assertThat(v.summary()).isEqualTo("42 unauthorized (401) requests in 5m, threshold 10");
        assertThat(MessageModel.headline(v))
                .isEqualTo("[FIRING] unauthorized on myreg: 42 unauthorized (401) requests in 5m, threshold 10");
    }

    @Test
    void resolvedSummarySaysResolvedAndGivesTheValueAtResolveTime() {
        AlertView v = Fixtures.view(Fixtures.unauthorized(AlertStatus.RESOLVED, "sp"));
        assertThat(v.summary()).isEqualTo("resolved, at resolve time 3 unauthorized (401) requests in 5m, threshold 10");
        assertThat(MessageModel.headline(v)).startsWith("[RESOLVED] unauthorized on myreg");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
            expected_caller | silent for 16m, threshold 15m
            probe           | acr-watch's probe failing for 16m, alerts after 15m
            blind           | no successful query for 16m, threshold 15m
            """)
    void networkDropAndBlindAlertsSayHowLongNotHowMany(String type, String summary) {
        dev.acrwatch.alert.AlertSnapshot a = new dev.acrwatch.alert.AlertSnapshot("r", type,
                dev.acrwatch.alert.AlertStatus.FIRING, "critical",
                java.util.Map.of("rule", "r", "registry", "contosoprod.azurecr.io", "class", "network_drop"),
                java.util.Map.of(), 960, 900, java.time.Duration.ofMinutes(15), Fixtures.NOW,
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.List.of(), java.util.List.of(), java.util.List.of(), java.util.Optional.empty());
        assertThat(MessageModel.summary(a, "network_drop", "960", "900", "15m")).isEqualTo(summary);
    }

    @Test
    void registryLabelGivesBothNameAndLoginServer() {
        assertThat(MessageModel.loginServer("MyReg")).isEqualTo("myreg.azurecr.io");
        AlertView v = Fixtures.view(Fixtures.firing("sp"));
        assertThat(v.registryName()).isEqualTo("myreg");
        assertThat(v.loginServer()).isEqualTo("myreg.azurecr.io");
    }

    @Test
    void grafanaLinkUrlEncodesTheRegistryVariable() {
        GrafanaLink g = new GrafanaLink("https://grafana.example.com/", "d/acr/acr-watch");
        assertThat(g.url("my reg&x=1", Fixtures.NOW, Fixtures.NOW.plusSeconds(60)))
                .isEqualTo("https://grafana.example.com/d/acr/acr-watch?var-registry=my+reg%26x%3D1"
                        + "&from=" + Fixtures.NOW.toEpochMilli() + "&to=" + (Fixtures.NOW.toEpochMilli() + 60000));
    }

    @Test
    void grafanaLinkCoversTheAlertWindow() {
        AlertView v = Fixtures.view(Fixtures.firing("sp"));
        assertThat(v.grafanaUrl()).hasValueSatisfying(u -> assertThat(u)
                .startsWith("https://grafana.example.com/d/acr/acr-watch?var-registry=myreg&from=")
                .contains("&to="));
    }

    @Test
    void onlyTheTopFiveContributorsAreListed() {
        List<Contributor> many = IntStream.range(0, 9).mapToObj(i -> new Contributor("id" + i, 10 - i)).toList();
        AlertSnapshot a = new AlertSnapshot("r", "threshold", AlertStatus.FIRING, "warning",
                Map.of("registry", "myreg.azurecr.io", "class", "forbidden"), Map.of(), 60, 10,
                Duration.ofMinutes(10), Fixtures.NOW, Optional.empty(), Optional.empty(), Optional.empty(),
                many, many, many, Optional.empty());
        AlertView v = Fixtures.view(a);
        assertThat(v.topIdentities()).extracting(Contributor::value).containsExactly("id0", "id1", "id2", "id3", "id4");
        assertThat(v.topCallerIps()).hasSize(5);
        assertThat(v.topRepositories()).hasSize(5);
    }

    @Test
    void ratioRulesSpeakInPercent() {
        AlertSnapshot a = new AlertSnapshot("r", "ratio", AlertStatus.FIRING, "warning",
                Map.of("registry", "myreg.azurecr.io", "class", "throttled"), Map.of(), 0.125, 0.05,
                Duration.ofMinutes(15), Fixtures.NOW, Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(), List.of(), List.of(), Optional.empty());
        assertThat(Fixtures.view(a).summary())
                .isEqualTo("12.5% of requests were throttled in 15m, threshold 5%");
    }

    @Test
    void durationsAreWrittenTheWayConfigWritesThem() {
        assertThat(MessageModel.duration(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(MessageModel.duration(Duration.ofSeconds(5430))).isEqualTo("1h30m30s");
        assertThat(MessageModel.number(42.0)).isEqualTo("42");
        assertThat(MessageModel.number(0.125)).isEqualTo("0.13");
    }
}
