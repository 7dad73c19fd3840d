package dev.acrwatch.cli;

import dev.acrwatch.config.Durations;
import dev.acrwatch.daemon.DemoRun;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code acr-watch demo}: the whole job against a simulated workspace on loopback. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Play a failure story against a simulated workspace on loopback (no Azure account).")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--speed", defaultValue = "20", description = "simulated seconds per real second (default ${DEFAULT-VALUE})")
    double speed;

    @Option(names = "--duration", description = "real time to run, e.g. 90s or 5m (default: until the story has played out)")
    String duration;

    @Option(names = "--port", defaultValue = "9464", description = "metrics port on 127.0.0.1 (default ${DEFAULT-VALUE}, 0 = any free port)")
    int port;

    @Option(names = "--metrics-address", defaultValue = "127.0.0.1",
            description = "address the metrics endpoint binds (default ${DEFAULT-VALUE}; 0.0.0.0 in a container)")
    String metricsAddress;

    @Option(names = "--out", defaultValue = "demo-out",
            description = "folder where notifications are saved as .eml and Slack JSON (default ${DEFAULT-VALUE})")
    java.nio.file.Path outDir;

    @Option(names = "--smtp", paramLabel = "HOST:PORT",
            description = "send the demo's email to this SMTP server (e.g. Mailpit in docker-compose) instead of the embedded one")
    String smtp;

    @Option(names = "--seed", defaultValue = "42", description = "random seed of the simulated traffic")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (!(speed > 0 && speed <= 10_000)) {
            System.err.println("--speed: expected a number in (0, 10000], found " + speed);
            return ExitCodes.USAGE;
        }
        Duration limit = null;
        if (duration != null) {
            limit = Durations.parse(duration).orElse(null);
            if (limit == null) {
                System.err.println("--duration: expected a duration like 90s or 5m, found \"" + duration + "\"");
                return ExitCodes.USAGE;
            }
        }
        if (smtp != null && !smtp.matches("[A-Za-z0-9.-]+:[0-9]{1,5}")) {
            System.err.println("--smtp: expected HOST:PORT like mailpit:1025, found \"" + smtp + "\"");
            return ExitCodes.USAGE;
        }
        PrintStream out = System.out;
        DemoRun.Settings s = new DemoRun.Settings(speed, DemoRun.Settings.defaults().phaseLength(), metricsAddress, port, seed, outDir,
                java.util.Optional.ofNullable(smtp));
        try (DemoRun demo = DemoRun.start(s, out, List.of(), new VersionProvider().getVersion()[0])) {
            Duration runFor = limit != null ? limit : demo.defaultDuration();
            out.printf("acr-watch demo: simulated workspace on loopback, story of %d min at %.0fx speed, running %ds.%n",
                    demo.story().length().toMinutes(), speed, runFor.toSeconds());
            out.printf("metrics: %s   (Ctrl-C stops)%n", demo.daemon().server().url());
            // On Ctrl-C the JVM exits once its hooks return, so the hook itself stops the demo cleanly.
            CountDownLatch interrupted = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                interrupted.countDown();
                demo.close();
            }, "acr-watch-demo-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            interrupted.await(runFor.toMillis(), TimeUnit.MILLISECONDS);
            Runtime.getRuntime().removeShutdownHook(hook);
            out.println("acr-watch demo: done.");
        }
        return ExitCodes.OK;
    }
}
