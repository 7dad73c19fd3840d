package dev.acrwatch.bench;

import dev.acrwatch.source.simulator.DemoStory;
import dev.acrwatch.source.simulator.SimulatedWorkspace;
import dev.acrwatch.source.simulator.SimulatorServer;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Row "start": from exec of the launcher (jar already built) to the first 200 from {@code /readyz}, against the simulator. */
public final class StartRun {

    static final String WS_ID = "00000000-0000-4000-8000-00000000057a";

    public static void main(String[] args) throws Exception {
        int runs = Figures.quick(args) ? 1 : 5;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        SimulatedWorkspace ws = new SimulatedWorkspace(new DemoStory(now.minus(Duration.ofHours(1)),
                Duration.ofMinutes(10)), Clock.systemUTC(), 5, now.minus(Duration.ofMinutes(30)));
        HttpClient http = HttpClient.newHttpClient();
        double[] seconds = new double[runs];
        double[] healthz = new double[runs];
        try (SimulatorServer simulator = new SimulatorServer(ws, WS_ID).start()) {
            for (int i = 0; i < runs; i++) {
                Path dir = Files.createTempDirectory("acrwatch-bench-start");
                int port = Launcher.freePort();
                Files.writeString(dir.resolve("acr-watch.yaml"), """
                        workspaces:
                          - name: sim
                            id: %s
                            endpoint: "%s"
                            auth: {type: none}
                            registries: [%s]
                        poll: {interval: 60s, initial_lookback: 15m}
                        metrics: {address: 127.0.0.1, port: %d}
                        """.formatted(WS_ID, simulator.endpoint(), String.join(", ", DemoStory.REGISTRIES), port));
                String readyz = "http://127.0.0.1:" + port + "/readyz";
                String live = "http://127.0.0.1:" + port + "/healthz";
                boolean up = false;
                long t0 = System.nanoTime();
                Process p = Launcher.start(dir, List.of("run", "--config", "acr-watch.yaml"));
                try {
                    while (Launcher.status(http, up ? readyz : live) != 200 || !up) {
                        if (!up && Launcher.status(http, live) == 200) {
                            up = true;
                            healthz[i] = (System.nanoTime() - t0) / 1e9; // JVM start, config, wiring, port bound
                            continue;
                        }
                        if (!p.isAlive()) {
                            throw new IllegalStateException("acr-watch exited " + p.exitValue() + ":\n" + Launcher.log(dir));
                        }
                        if (System.nanoTime() - t0 > 60_000_000_000L) {
                            throw new IllegalStateException("not ready in 60 s:\n" + Launcher.log(dir));
                        }
                        Thread.sleep(10); // polling interval of the measurement, not a wait for luck
                    }
                    seconds[i] = (System.nanoTime() - t0) / 1e9;
                    Figures.note(String.format("run %d: /healthz after %.2f s, /readyz after %.2f s", i, healthz[i], seconds[i]));
                } finally {
                    Launcher.stop(p);
                }
            }
        }
        double median = Figures.median(seconds);
        Figures.print("start", "launcher_to_readyz_median", median, "s", "<= 3 s", median <= 3.0);
        Figures.print("start", "of_which_launcher_to_healthz_median", Figures.median(healthz), "s", "", null);
        Figures.print("start", "launcher_to_readyz_max", Figures.percentile(seconds, 100), "s", "", null);
    }
}
