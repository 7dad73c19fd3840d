package dev.acrwatch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acrwatch.alert.AlertSnapshot;
import dev.acrwatch.alert.AlertStatus;
import dev.acrwatch.alert.Contributor;
import dev.acrwatch.alert.Notification;
import dev.acrwatch.notify.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NotificationJsonTest {

    static final String HOSTILE = "a\"b\\c\nd\r\ne\t\u0000 \u2028 ünïcödé 🐳 </script> ${jndi:ldap://x} '; DROP TABLE";

    @Test
    void roundTripsEveryFieldIncludingHostileStrings() {
        AlertSnapshot firing = Fixtures.unauthorized(AlertStatus.FIRING, HOSTILE);
        AlertSnapshot resolved = new AlertSnapshot("r\"1", "absence", AlertStatus.RESOLVED, "warning",
                Map.of("rule", "r\"1", "identity", HOSTILE), Map.of("summary", HOSTILE),
                0.25, 1e-3, Duration.ofSeconds(90).plusMillis(5), Instant.parse("2026-11-23T20:00:00.123456789Z"),
                Optional.of(Instant.parse("2026-11-23T20:30:00Z")), Optional.empty(), Optional.empty(),
                List.of(new Contributor(HOSTILE, Long.MAX_VALUE)), List.of(), List.of(), Optional.of(Fixtures.KQL));
        Notification n = new Notification("dedup\n" + HOSTILE, "ops", "{}:{x=\"" + HOSTILE + "\"}",
                Map.of("registry", HOSTILE), List.of(firing, resolved), Fixtures.NOW);

        String json = NotificationJson.encode(n);

        assertThat(NotificationJson.decode(json)).isEqualTo(n);
        assertThat(json).doesNotContain("\n");
    }

    @Test
    void roundTripsEmptyOptionalsAndEmptyCollections() {
        AlertSnapshot bare = new AlertSnapshot("r", "threshold", AlertStatus.FIRING, "info", Map.of(), Map.of(),
                0, 0, Duration.ZERO, Fixtures.NOW, Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(), List.of(), List.of(), Optional.empty());
        Notification n = new Notification("k", "ops", "", Map.of(), List.of(bare), Fixtures.NOW);

        assertThat(NotificationJson.decode(NotificationJson.encode(n))).isEqualTo(n);
        assertThat(NotificationJson.encode(n)).contains("\"endsAt\":null").contains("\"kql\":null");
    }

    @Test
    void roundTripsNonFiniteValues() {
        AlertSnapshot a = Fixtures.firing("x");
        AlertSnapshot nan = new AlertSnapshot(a.ruleName(), a.ruleType(), a.status(), a.severity(), a.labels(),
                a.annotations(), Double.NaN, Double.POSITIVE_INFINITY, a.window(), a.startsAt(), a.endsAt(),
                a.firstSeen(), a.lastSeen(), a.topIdentities(), a.topCallerIps(), a.topRepositories(), a.kql());
        Notification n = new Notification("k", "ops", "g", Map.of(), List.of(nan), Fixtures.NOW);

        AlertSnapshot back = NotificationJson.decode(NotificationJson.encode(n)).alerts().get(0);

        assertThat(back.value()).isNaN();
        assertThat(back.threshold()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void decodeNamesTheFieldThatIsWrong() {
        String json = NotificationJson.encode(Fixtures.notification(Fixtures.firing("x")));

        assertThatThrownBy(() -> NotificationJson.decode(json.replace("\"startsAt\"", "\"startedAt\"")))
                .hasMessage("alerts[0].startsAt: missing");
        assertThatThrownBy(() -> NotificationJson.decode(json.replace("\"PT5M\"", "\"5 minutes\"")))
                .hasMessage("alerts[0].window: expected ISO-8601, found \"5 minutes\"");
        assertThatThrownBy(() -> NotificationJson.decode(json.replace("\"v\":1", "\"v\":2")))
                .hasMessage("v: expected 1, found 2");
    }

    @Test
    void malformedJsonErrorDoesNotEchoThePayload() {
        assertThatThrownBy(() -> NotificationJson.decode("{\"dedupKey\":\"secret-ish " + HOSTILE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("notification JSON: not valid JSON at line 1")
                .message().doesNotContain("secret-ish");
    }
}
