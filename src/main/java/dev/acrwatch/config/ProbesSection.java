package dev.acrwatch.config;

import dev.acrwatch.probe.ProbeConfig;
import dev.acrwatch.probe.ProbeTarget;
import dev.acrwatch.probe.TrustStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses the optional top-level {@code probes} map. Its targets are not listed in it: they are
 * every registry listed under {@code workspaces[].registries}, so the two cannot drift apart.
 */
final class ProbesSection {

    private static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

    private ProbesSection() {}

    /** Empty when the section is left out or {@code enabled: false}; {@code probes:} alone means defaults. */
    static Optional<ProbeConfig> parse(Node root, Map<String, Boolean> listedRegistries) {
        boolean mentioned = root.mentions("probes");
        Node probes = root.child("probes");
        if (!mentioned || (root.has("probes") && !probes.isPresent())) {
            return Optional.empty(); // left out, or not a map (already reported)
        }
        ProbeConfig d = ProbeConfig.defaults(List.of());
        boolean enabled = probes.bool("enabled", true);
        Duration interval = probes.duration("interval", d.interval(), Duration.ofSeconds(1), null);
        ProbeConfig.Timeouts timeouts = timeouts(probes.child("timeouts"), d.timeouts());
        if (timeouts.overall().compareTo(interval) > 0) {
            probes.child("timeouts").error("overall", "must not be longer than probes.interval ("
                    + Durations.format(interval) + "), found " + Render.quote(Durations.format(timeouts.overall())));
        }
        int port = probes.integer("port", 443, 1, 65_535);
        Optional<ProbeConfig.TrustStore> trustStore = trustStore(probes.child("trust_store"));
        probes.finish();
        if (!enabled) {
            return Optional.empty();
        }
        if (listedRegistries.isEmpty()) {
            probes.error("", "probes need registries listed under workspaces[].registries");
            return Optional.empty();
        }
        List<ProbeTarget> targets = new ArrayList<>();
        listedRegistries.forEach((login, expectPrivate) -> targets.add(new ProbeTarget(login, port, expectPrivate)));
        return Optional.of(new ProbeConfig(interval, timeouts, targets, trustStore));
    }

    private static ProbeConfig.Timeouts timeouts(Node t, ProbeConfig.Timeouts d) {
        ProbeConfig.Timeouts out = new ProbeConfig.Timeouts(
                t.duration("dns", d.dns(), MIN_TIMEOUT, MAX_TIMEOUT),
                t.duration("connect", d.connect(), MIN_TIMEOUT, MAX_TIMEOUT),
                t.duration("tls", d.tls(), MIN_TIMEOUT, MAX_TIMEOUT),
                t.duration("http", d.http(), MIN_TIMEOUT, MAX_TIMEOUT),
                t.duration("overall", d.overall(), MIN_TIMEOUT, MAX_TIMEOUT));
        t.finish();
        return out;
    }

    private static Optional<ProbeConfig.TrustStore> trustStore(Node ts) {
        if (!ts.isPresent()) {
            return Optional.empty();
        }
        Optional<Path> path = ts.has("path") ? ts.readableFile("path") : Optional.empty();
        if (!ts.has("path")) {
            ts.error("path", "required");
        }
        String type = ts.oneOf("type", "PKCS12", List.of("PKCS12", "JKS"));
        Optional<Secret> password = ts.secret("password", false);
        ts.finish();
        if (path.isEmpty()) {
            return Optional.empty();
        }
        ProbeConfig.TrustStore store = new ProbeConfig.TrustStore(path.get(), type, password);
        try {
            // load it now: a wrong password or type should fail check-config, not the first probe
            TrustStores.sslContext(Optional.of(store));
        } catch (IllegalArgumentException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            ts.error("path", "cannot load " + Render.quote(path.get().toString()) + " as a " + type
                    + " trust store: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"));
            return Optional.empty();
        }
        return Optional.of(store);
    }
}
