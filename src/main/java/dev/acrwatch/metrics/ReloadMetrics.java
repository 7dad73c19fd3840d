package dev.acrwatch.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Config reload meters: whether the last reload worked, when it ran, how many succeeded and failed,
 * and which file content the running config matches. The config loaded at start counts as a
 * successful reload at start time, as in Prometheus.
 */
public final class ReloadMetrics {

    private final MeterRegistry registry;
    private final AtomicLong successful = new AtomicLong(1);
    private final AtomicLong timestampMillis = new AtomicLong();
    private final Counter successes;
    private final Counter failures;
    private Gauge info;

    /**
     * @param startedAt   when the running config was loaded
     * @param contentHash hex SHA-256 of the file content the daemon started with
     */
    public ReloadMetrics(MeterRegistry registry, Instant startedAt, String contentHash) {
        this.registry = registry;
        timestampMillis.set(startedAt.toEpochMilli());
        Gauge.builder("acrwatch_config_last_reload_successful", successful, AtomicLong::get)
                .description("1 if the last config reload applied the whole file (or found it unchanged), 0 if the "
                        + "file was invalid, was refused, or holds changes that need a restart")
                .register(registry);
        Gauge.builder("acrwatch_config_last_reload_timestamp_seconds", timestampMillis, v -> v.get() / 1000.0)
                .description("When the last config reload was attempted, successful or not (Unix seconds); "
                        + "the start time until the first reload")
                .register(registry);
        successes = reloads("success");
        failures = reloads("failure");
        info(contentHash);
    }

    /** Records one reload attempt; {@code runningHash} is the content the running config now fully matches. */
    public synchronized void record(boolean success, Instant at, String runningHash) {
        successful.set(success ? 1 : 0);
        timestampMillis.set(at.toEpochMilli());
        (success ? successes : failures).increment();
        info(runningHash);
    }

    private void info(String hash) {
        String shortHash = hash.length() > 12 ? hash.substring(0, 12) : hash;
        if (info != null) {
            if (info.getId().getTag("sha256").equals(shortHash)) {
                return;
            }
            registry.remove(info);
        }
        info = Gauge.builder("acrwatch.config.info", () -> 1)
                .description("Always 1; sha256 holds the first 12 hex digits of the SHA-256 of the config file "
                        + "content the running config fully matches")
                .tag("sha256", shortHash).register(registry);
    }

    private Counter reloads(String result) {
        return Counter.builder("acrwatch_config_reloads_total")
                .description("Config reload attempts by result (success, failure)")
                .tag("result", result).register(registry);
    }
}
