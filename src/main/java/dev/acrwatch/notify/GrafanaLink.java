package dev.acrwatch.notify;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * Where the dashboard lives, e.g. base {@code https://grafana.example.com} and path {@code /d/acr-watch/acr-watch}.
 * The registry goes into the {@code var-registry} dashboard variable.
 */
public record GrafanaLink(String baseUrl, String dashboardPath) {

    public GrafanaLink {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(dashboardPath, "dashboardPath");
    }

    /** The dashboard URL for a registry around a time range; every parameter is URL-encoded. */
    public String url(String registry, Instant from, Instant to) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        String path = dashboardPath.startsWith("/") ? dashboardPath : "/" + dashboardPath;
        return base + path
                + "?var-registry=" + URLEncoder.encode(registry, StandardCharsets.UTF_8)
                + "&from=" + from.toEpochMilli()
                + "&to=" + to.toEpochMilli();
    }
}
