package dev.acrwatch.probe;

import dev.acrwatch.config.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Active probe settings (the YAML section is added by the config loader later).
 *
 * @param interval   time between two probes of the same target
 * @param timeouts   per-stage and overall limits
 * @param targets    registries to probe
 * @param trustStore where TLS trust anchors come from; empty means the JDK's default trust store
 */
public record ProbeConfig(
        Duration interval,
        Timeouts timeouts,
        List<ProbeTarget> targets,
        Optional<TrustStore> trustStore) {

    public ProbeConfig {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(trustStore, "trustStore");
        targets = List.copyOf(targets);
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("probes.interval: expected a positive duration, found " + interval);
        }
    }

    /** Defaults for the given targets: every 60 s, default timeouts, the JDK trust store. */
    public static ProbeConfig defaults(List<ProbeTarget> targets) {
        return new ProbeConfig(Duration.ofSeconds(60), Timeouts.defaults(), targets, Optional.empty());
    }

    /**
     * Stage limits. Each stage gets the smaller of its own limit and what remains of
     * {@code overall}, so a probe never runs longer than {@code overall}.
     */
    public record Timeouts(Duration dns, Duration connect, Duration tls, Duration http, Duration overall) {

        public Timeouts {
            requirePositive("dns", dns);
            requirePositive("connect", connect);
            requirePositive("tls", tls);
            requirePositive("http", http);
            requirePositive("overall", overall);
        }

        public static Timeouts defaults() {
            Duration five = Duration.ofSeconds(5);
            return new Timeouts(five, five, five, five, Duration.ofSeconds(15));
        }

        private static void requirePositive(String key, Duration value) {
            Objects.requireNonNull(value, key);
            if (value.isNegative() || value.isZero() || value.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        "probes.timeouts." + key + ": expected a positive duration, found " + value);
            }
        }
    }

    /** A key store file (PKCS12 or JKS) holding the certificates to trust. */
    public record TrustStore(Path path, String type, Optional<Secret> password) {
        public TrustStore {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "TrustStore[path=" + path + ", type=" + type + ", password=<redacted>]";
        }
    }
}
