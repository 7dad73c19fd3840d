package dev.acrwatch.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The scrape and health endpoint.
 *
 * @param topN      how many failing identities / IPs per registry and class are exported
 * @param topWindow the trailing TimeGenerated window the top-N counts cover
 */
public record MetricsConfig(
        String address,
        int port,
        String path,
        Optional<Tls> tls,
        Optional<BasicAuth> basicAuth,
        int topN,
        Duration topWindow) {

    public static MetricsConfig defaults() {
        return new MetricsConfig("0.0.0.0", 9464, "/metrics", Optional.empty(), Optional.empty(),
                10, Duration.ofHours(1));
    }

    /** PEM certificate chain and PKCS#8 PEM private key. */
    public record Tls(Path certFile, Path keyFile) {}

    /**
     * Basic auth for every path but /healthz. Either a bcrypt hash (as in Prometheus' web
     * config) or a plain secret from env/file.
     */
    public record BasicAuth(String username, Optional<String> passwordBcrypt, Optional<Secret> password) {
        @Override
        public String toString() {
            return "BasicAuth[username=" + username + ", password=<redacted>]";
        }
    }
}
