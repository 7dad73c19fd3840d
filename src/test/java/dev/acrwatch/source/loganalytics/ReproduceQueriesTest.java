package dev.acrwatch.source.loganalytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.alert.AlertSnapshot;
import dev.acrwatch.alert.AlertStatus;
import dev.acrwatch.alert.Notification;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReproduceQueriesTest {

    private static final Instant STARTS = Instant.parse("2026-11-23T10:07:30Z");

    static AlertSnapshot alert(String type, String cls, Map<String, String> extraLabels) {
        Map<String, String> labels = new HashMap<>(extraLabels);
        labels.put("rule", "acr_login_auth_failures");
        labels.put("registry", "contosobuild.azurecr.io");
        labels.put("class", cls);
        return new AlertSnapshot("acr_login_auth_failures", type, AlertStatus.FIRING, "critical", labels, Map.of(),
                42, 11, Duration.ofMinutes(5), STARTS, Optional.empty(),
                Optional.of(STARTS.minusSeconds(250)), Optional.of(STARTS.minusSeconds(10)),
                List.of(), List.of(), List.of(), Optional.empty());
    }

    @Test
    void thresholdQueryFiltersRegistryStatusesAndTheAlertsTimeRange() {
        String q = ReproduceQueries.forAlert(alert("threshold", "unauthorized,forbidden", Map.of())).orElseThrow();
        assertThat(q).contains("union ContainerRegistryLoginEvents, ContainerRegistryRepositoryEvents")
                .contains("between (datetime(2026-11-23T10:03:00.0000000Z) .. datetime(2026-11-23T10:08:00.0000000Z))")
                .contains("| where LoginServer =~ \"contosobuild.azurecr.io\"")
                .contains("| where ResultDescription == \"401\" or ResultDescription == \"403\"")
                .contains("by Type, OperationName, ResultDescription, Identity, CallerIpAddress");
    }

    @Test
    void hostileGroupValuesAreEscapedAndUnescapableOnesLeftOut() {
        String q = ReproduceQueries.forAlert(alert("threshold", "unauthorized",
                Map.of("identity", "x\" | take 1 //", "caller_ip", "bad\u0001ip"))).orElseThrow();
        assertThat(q).contains("| where Identity == \"x\\\" | take 1 //\"").doesNotContain("CallerIpAddress ==");
    }

    @Test
    void blindAlertsHaveNoQueryAndEnrichKeepsAnExistingOne() {
        assertThat(ReproduceQueries.forAlert(alert("blind", "none", Map.of()))).isEmpty();
        AlertSnapshot plain = alert("threshold", "throttled", Map.of());
        Notification n = new Notification("k", "slack", "g", Map.of(), List.of(plain), STARTS);
        assertThat(ReproduceQueries.enrich(n).alerts().get(0).kql()).get().asString()
                .contains("ResultDescription == \"429\"");
    }
}
