package dev.acrwatch.bench;

import dev.acrwatch.config.AcrWatchConfig;
import dev.acrwatch.config.ConfigLoader;
import dev.acrwatch.daemon.Daemon;
import dev.acrwatch.source.simulator.ScaledClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The daemon side of the memory row, in its own JVM (the launcher's default options) so its RSS is
 * its own: {@link Daemon#start} with the config file, on a sped-up clock synchronised with the
 * parent's simulator. Runs until killed.
 *
 * <p>Arguments: config file, simulated start (epoch ms), the real instant it belongs to (epoch ms), speed.
 */
public final class MemoryDaemon {

    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[0]);
        Instant simStart = Instant.ofEpochMilli(Long.parseLong(args[1]));
        long anchor = Long.parseLong(args[2]);
        double speed = Double.parseDouble(args[3]);
        // Same simulated instant as the parent's clock, which started at the anchor.
        Instant here = simStart.plusMillis((long) ((System.currentTimeMillis() - anchor) * speed));
        ScaledClock clock = new ScaledClock(Clock.systemUTC(), here, speed);
        AcrWatchConfig cfg = ConfigLoader.load(config, Map.of());
        Daemon daemon = Daemon.start(cfg, new Daemon.Options(clock, clock.toReal(cfg.poll().interval()), speed,
                List.of()), "bench");
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::close));
        System.out.println("MEMORY-DAEMON-STARTED");
        System.out.flush();
        Thread.currentThread().join(); // until the parent stops this process
    }
}
