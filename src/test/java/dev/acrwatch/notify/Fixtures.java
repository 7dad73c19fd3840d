package dev.acrwatch.notify;

import dev.acrwatch.alert.AlertSnapshot;
import dev.acrwatch.alert.AlertStatus;
import dev.acrwatch.alert.Contributor;
import dev.acrwatch.alert.Notification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Alerts and notifications for receiver tests, including attacker-controlled log values. */
public final class Fixtures {

    public static final Instant NOW = Instant.parse("2026-11-23T21:00:00Z");
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    public static final String HOSTILE_SLACK = "<!channel> <@U123> <http://evil|x>";
    public static final String HOSTILE_HTML = "<script>alert(\"x\")</script> & co";
    public static final String HEADER_INJECTION = "sp-build\r\nBcc: evil@x";
    public static final String KQL = "ContainerRegistryLoginEvents\n| where ResultDescription == \"401\"";

    private Fixtures() {
    }

    public static AlertSnapshot unauthorized(AlertStatus status, String identity) {
        return new AlertSnapshot("expired-secrets", "threshold", status, "critical",
                Map.of("rule", "expired-secrets", "registry", "myreg.azurecr.io", "class", "unauthorized"),
                Map.of(), status == AlertStatus.FIRING ? 42 : 3, 10, Duration.ofMinutes(5),
                NOW.minusSeconds(300),
                status == AlertStatus.RESOLVED ? Optional.of(NOW.minusSeconds(30)) : Optional.empty(),
                Optional.of(NOW.minusSeconds(600)), Optional.of(NOW.minusSeconds(60)),
                List.of(new Contributor(identity, 30), new Contributor("11111111-2222-3333-4444-555555555555", 12)),
                List.of(new Contributor("203.0.113.7", 40), new Contributor("198.51.100.2", 2)),
                List.of(new Contributor("team/api", 41)),
                Optional.of(KQL));
    }

    public static AlertSnapshot firing(String identity) {
        return unauthorized(AlertStatus.FIRING, identity);
    }

    public static Notification notification(AlertSnapshot... alerts) {
        return new Notification("dedup-1", "ops", "{}:{registry=\"myreg.azurecr.io\"}",
                Map.of("registry", "myreg.azurecr.io"), List.of(alerts), NOW);
    }

    public static NotifierDeps deps() {
        return new NotifierDeps(CLOCK, Optional.of(new GrafanaLink("https://grafana.example.com", "/d/acr/acr-watch")),
                Optional.empty(), Duration.ofMinutes(1));
    }

    public static AlertView view(AlertSnapshot a) {
        return new MessageModel(deps()).view(a);
    }
}
