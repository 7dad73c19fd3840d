package dev.acrwatch.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/** Parses the top-level {@code metrics} map. */
final class MetricsSection {

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    // loose on purpose: the HTTP server gives the precise complaint for a malformed IPv6 literal
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern HOST = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern ADDRESS = Pattern.compile(IPV4.pattern() + "|" + IPV6.pattern() + "|" + HOST.pattern());
    private static final Pattern HTTP_PATH = Pattern.compile("/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}");

    private MetricsSection() {}

    static MetricsConfig parse(Node metrics) {
        MetricsConfig d = MetricsConfig.defaults();
        String address = metrics.matching("address", ADDRESS, "an IP address or host name like 0.0.0.0")
                .orElse(d.address());
        int port = metrics.integer("port", d.port(), 0, 65535);
        String path = metrics.matching("path", HTTP_PATH, "a URL path starting with /").orElse(d.path());
        if (path.equals("/healthz")) {
            metrics.error("path", "must not be /healthz (the health check lives there)");
        }
        Optional<MetricsConfig.Tls> tls = tls(metrics.child("tls"));
        Optional<MetricsConfig.BasicAuth> basicAuth = basicAuth(metrics.child("basic_auth"));
        int topN = metrics.integer("top_n", d.topN(), 1, 100);
        Duration topWindow = metrics.duration("top_window", d.topWindow(), Duration.ofMinutes(1), null);
        metrics.finish();
        return new MetricsConfig(address, port, path, tls, basicAuth, topN, topWindow);
    }

    private static Optional<MetricsConfig.Tls> tls(Node tls) {
        if (!tls.isPresent()) {
            return Optional.empty();
        }
        Optional<Path> cert = file(tls, "cert_file");
        Optional<Path> key = file(tls, "key_file");
        tls.finish();
        return cert.isPresent() && key.isPresent()
                ? Optional.of(new MetricsConfig.Tls(cert.get(), key.get()))
                : Optional.empty();
    }

    private static Optional<Path> file(Node node, String key) {
        if (!node.has(key)) {
            node.error(key, "required");
            return Optional.empty();
        }
        return node.readableFile(key);
    }

    private static Optional<MetricsConfig.BasicAuth> basicAuth(Node auth) {
        if (!auth.isPresent()) {
            return Optional.empty();
        }
        String username = auth.required("username");
        String which = auth.exactlyOne(true, "password_bcrypt", "password", "password_file");
        Optional<String> bcrypt = Optional.empty();
        Optional<Secret> password = Optional.empty();
        if ("password_bcrypt".equals(which)) {
            bcrypt = auth.matching("password_bcrypt", BCRYPT, "a bcrypt hash ($2a$, $2b$ or $2y$, 60 characters)");
        } else if (which != null) {
            password = auth.secret("password", true);
        }
        auth.known("password_bcrypt", "password", "password_file");
        auth.finish();
        if (username == null || (bcrypt.isEmpty() && password.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new MetricsConfig.BasicAuth(username, bcrypt, password));
    }
}
