package dev.acrwatch.cli;

import dev.acrwatch.config.AcrWatchConfig;
import dev.acrwatch.daemon.Daemon;
import dev.acrwatch.daemon.ConfigReloader;
import dev.acrwatch.metrics.ReloadMetrics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code acr-watch run}: the daemon, until SIGTERM/SIGINT. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the daemon.")
public final class RunCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    /** How often the config file's content is compared with what runs. */
    static final Duration RELOAD_CHECK_EVERY = Duration.ofSeconds(5);

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "config file (YAML)")
    Path config;

    @Override
    public Integer call() throws Exception {
        AcrWatchConfig cfg = ConfigFiles.loadOrReport(config);
        if (cfg == null) {
            return ExitCodes.CONFIG_INVALID;
        }
        LoggingSetup.apply(cfg.logging());
        Daemon daemon;
        try {
            daemon = Daemon.start(cfg, Daemon.Options.production(cfg), new VersionProvider().getVersion()[0]);
        } catch (Exception e) {
            log.error("acr-watch could not start: {}", e.getMessage() != null ? e.getMessage() : e.toString());
            return ExitCodes.RUNTIME_FAILURE;
        }
        // SIGHUP or an edit of the file reloads rules, receivers, silences and callers; see docs/configuration.md.
        ConfigReloader reloader = new ConfigReloader(config, System.getenv(), cfg, daemon::apply, Clock.systemUTC(),
                new ReloadMetrics(daemon.metrics().registry(), Instant.now(), ConfigReloader.hashOf(config).orElse("")));
        reloader.reloadOnSighup();
        reloader.watchFile(RELOAD_CHECK_EVERY);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down: finishing the polls in flight");
            reloader.close();
            daemon.close();
            stopped.countDown();
            // The JVM would report a signal death (143); the shutdown was clean, so say so.
            Runtime.getRuntime().halt(ExitCodes.OK);
        }, "acr-watch-shutdown"));
        stopped.await();
        return ExitCodes.OK;
    }
}
