package dev.acrwatch.daemon;

import dev.acrwatch.config.AcrWatchConfig;

/** The running parts a reloaded config is handed to; throwing rejects the new config and keeps the old one. */
@FunctionalInterface
public interface Reloadable {

    /**
     * Switches the running daemon to {@code next}. Only the parts that reload live differ from the
     * running config (alerting rules, receivers, routes, inhibit rules, silences, repeat/blind
     * timings, Grafana link; each workspace's expected callers and learn_callers); every other part
     * is the running one. Must keep alert state, watermarks, window bins and silences added through the API.
     *
     * @throws Exception to reject {@code next}; its message is logged, so it must not carry secrets
     */
    void apply(AcrWatchConfig next) throws Exception;
}
