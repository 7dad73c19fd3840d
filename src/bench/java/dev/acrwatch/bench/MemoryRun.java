package dev.acrwatch.bench;

import com.sun.net.httpserver.HttpServer;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.source.simulator.ScaledClock;
import dev.acrwatch.source.simulator.SimEvent;
import dev.acrwatch.source.simulator.SimulatedWorkspace;
import dev.acrwatch.source.simulator.SimulatorServer;
import dev.acrwatch.source.simulator.Traffic;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Row "memory": a daemon JVM started with the launcher's default options ({@link MemoryDaemon}) watches
 * 2 simulated workspaces with 10 registries each, 10,000 distinct failing callers per hour (new ones
 * every hour), for 30 simulated hours at speed; this process serves the workspaces and samples the
 * daemon's RSS from /proc.
 */
public final class MemoryRun {

    static final String[] WS_IDS = {"00000000-0000-4000-8000-00000000e301", "00000000-0000-4000-8000-00000000e302"};
    static final Duration WARM_UP = Duration.ofHours(6);

    public static void main(String[] args) throws Exception {
        boolean quick = Figures.quick(args);
        Duration length = quick ? Duration.ofHours(2) : Duration.ofHours(30);
        double speed = quick ? 600 : 450; // 30 h in 4 min; 2 h in 12 s
        long anchor = System.currentTimeMillis();
        Instant simStart = Instant.ofEpochMilli(anchor).truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(40));
        ScaledClock clock = new ScaledClock(Clock.systemUTC(), simStart, speed);
        anchor = System.currentTimeMillis();
        Instant end = simStart.plus(length);

        AtomicInteger slackPosts = new AtomicInteger();
        HttpServer slack = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        slack.createContext("/services/bench", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                slackPosts.incrementAndGet();
                ex.sendResponseHeaders(200, 2);
                ex.getResponseBody().write("ok".getBytes());
            }
        });
        slack.start();
        List<SimulatorServer> simulators = new ArrayList<>();
        StringBuilder workspaces = new StringBuilder();
        for (int w = 0; w < 2; w++) {
            List<String> registries = new ArrayList<>();
            for (int r = 0; r < 10; r++) {
                registries.add("mem" + (w * 10 + r) + ".azurecr.io");
            }
            SimulatedWorkspace ws = new SimulatedWorkspace(new Callers(registries, 5_000), clock, 23 + w,
                    simStart.minus(Duration.ofMinutes(15)));
            SimulatorServer sim = new SimulatorServer(ws, WS_IDS[w]).start();
            simulators.add(sim);
            workspaces.append("""
                      - name: ws%d
                        id: %s
                        endpoint: "%s"
                        auth: {type: none}
                        registries: [%s]
                    """.formatted(w, WS_IDS[w], sim.endpoint(), String.join(", ", registries)));
        }
        Path dir = Files.createTempDirectory("acrwatch-bench-memory");
        Path config = dir.resolve("acr-watch.yaml");
        Files.writeString(config, "workspaces:\n" + workspaces + """
                poll: {interval: 60s, initial_lookback: 15m}
                metrics: {address: 127.0.0.1, port: 0}
                alerting:
                  receivers:
                    - {name: chat, type: slack, url: "http://127.0.0.1:%d/services/bench"}
                  rules:
                    - name: login_failures
                      type: threshold
                      filter: {classes: [unauthorized], reasons: [rejected_credentials]}
                      window: 5m
                      threshold: 50
                      group_by: [registry]
                      severity: warning
                """.formatted(slack.getAddress().getPort()));

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Launcher.defaultJvmOptions());
        // GC log only (no behaviour change): heap after each collection tells a leak from heap growth.
        command.add("-Xlog:gc:file=" + dir.resolve("gc.log"));
        boolean nmt = Boolean.getBoolean("bench.nmt"); // profiling: where non-heap RSS goes
        if (nmt) {
            command.add("-XX:NativeMemoryTracking=summary");
        }
        command.addAll(List.of("-cp", Launcher.root().resolve("target/acr-watch.jar") + java.io.File.pathSeparator
                        + Launcher.root().resolve("target/test-classes"),
                MemoryDaemon.class.getName(), config.toString(), Long.toString(simStart.toEpochMilli()),
                Long.toString(anchor), Double.toString(speed)));
        Figures.note("daemon JVM options (launcher defaults): " + String.join(" ", Launcher.defaultJvmOptions()));
        Process daemon = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("acr-watch.log").toFile()).start();
        List<double[]> samples = new ArrayList<>(); // {simulated hours, RSS MiB}
        boolean baselined = false;
        Instant warmEnd = simStart.plus(quick ? Duration.ofHours(1) : WARM_UP);
        try {
            while (clock.instant().isBefore(end)) {
                if (nmt && !baselined && clock.instant().isAfter(warmEnd)) {
                    jcmd(daemon.pid(), "VM.native_memory", "baseline");
                    baselined = true;
                }
                if (!daemon.isAlive()) {
                    throw new IllegalStateException("daemon exited " + daemon.exitValue() + ":\n" + Launcher.log(dir));
                }
                double hours = Duration.between(simStart, clock.instant()).toMillis() / 3_600_000.0;
                samples.add(new double[] {hours, Figures.rssMiB(daemon.pid())});
                Thread.sleep(500); // RSS sampling interval (real time)
            }
            int queries = simulators.stream().mapToInt(SimulatorServer::queriesAnswered).sum();
            Figures.note(String.format("%d RSS samples over %d simulated hours at speed %.0f; %d queries answered,"
                    + " %d Slack notifications", samples.size(), length.toHours(), speed, queries, slackPosts.get()));
            if (nmt && baselined) {
                for (String line : jcmd(daemon.pid(), "VM.native_memory", "summary.diff").split("\n")) {
                    if (line.contains("committed=") && (line.startsWith("Total") || line.startsWith("-"))) {
                        Figures.note("NMT since warm-up: " + line.strip());
                    }
                }
            }
            String log = Launcher.log(dir);
            if (log.contains("OutOfMemoryError")) {
                throw new IllegalStateException("daemon ran out of memory:\n" + log);
            }
        } finally {
            Launcher.stop(daemon);
            for (SimulatorServer s : simulators) {
                s.close();
            }
            slack.stop(0);
        }
        report(samples, quick ? Duration.ofHours(1) : WARM_UP, length);
        heapAfterGc(dir.resolve("gc.log"), speed, quick ? Duration.ofHours(1) : WARM_UP);
    }

    private static final java.util.regex.Pattern GC_LINE = java.util.regex.Pattern.compile(
            "^\\[([0-9.]+)s\\].*Pause (Young|Full).* (\\d+)M->(\\d+)M\\((\\d+)M\\)");

    /** Heap occupancy after collections, by simulated hour: the live set's trend, apart from committed memory. */
    private static void heapAfterGc(Path gcLog, double speed, Duration warmUp) throws java.io.IOException {
        List<double[]> after = new ArrayList<>(); // {simulated hours, MiB after GC, committed MiB}
        for (String line : Files.readAllLines(gcLog)) {
            java.util.regex.Matcher m = GC_LINE.matcher(line);
            if (m.find()) {
                after.add(new double[] {Double.parseDouble(m.group(1)) * speed / 3600, Double.parseDouble(m.group(4)),
                        Double.parseDouble(m.group(5))});
            }
        }
        double warm = warmUp.toMinutes() / 60.0;
        List<double[]> steady = after.stream().filter(a -> a[0] >= warm).toList();
        if (steady.size() < 8) {
            Figures.note("too few collections after warm-up to read the live heap (" + steady.size() + ")");
            return;
        }
        int q = steady.size() / 4;
        double first = steady.subList(0, q).stream().mapToDouble(a -> a[1]).min().orElse(0);
        double last = steady.subList(steady.size() - q, steady.size()).stream().mapToDouble(a -> a[1]).min().orElse(0);
        double committedFirst = steady.get(0)[2];
        double committedLast = steady.get(steady.size() - 1)[2];
        Figures.note(String.format("%d collections; heap committed %.0f -> %.0f MiB after warm-up", after.size(),
                committedFirst, committedLast));
        Figures.print("memory", "heap_after_gc_min_first_quarter", first, "MiB", "", null);
        Figures.print("memory", "heap_after_gc_min_last_quarter", last, "MiB", "", null);
        Figures.print("memory", "heap_committed_growth_after_warmup", committedLast - committedFirst, "MiB", "", null);
    }

    private static String jcmd(long pid, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private static void report(List<double[]> samples, Duration warmUp, Duration length) {
        double warm = warmUp.toMinutes() / 60.0;
        StringBuilder byHour = new StringBuilder("RSS by simulated hour (MiB):");
        int nextHour = 0;
        for (double[] s : samples) {
            if (s[0] >= nextHour) {
                byHour.append(String.format(" %dh=%.0f", nextHour, s[1]));
                nextHour = (int) s[0] + (length.toHours() > 10 ? 3 : 1);
            }
        }
        Figures.note(byHour.toString());
        double max = 0;
        double maxAfter = 0;
        List<Double> after = new ArrayList<>();
        for (double[] s : samples) {
            max = Math.max(max, s[1]);
            if (s[0] >= warm) {
                after.add(s[1]);
                maxAfter = Math.max(maxAfter, s[1]);
            }
        }
        int q = Math.max(1, after.size() / 4);
        double firstQuarter = after.subList(0, q).stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double lastQuarter = after.subList(after.size() - q, after.size()).stream().mapToDouble(Double::doubleValue)
                .average().orElse(0);
        double growth = lastQuarter - firstQuarter;
        Figures.print("memory", "rss_max", max, "MiB", "<= 300 MB", max <= 300 * 1_000_000.0 / (1 << 20));
        Figures.print("memory", "rss_first_quarter_after_warmup", firstQuarter, "MiB", "", null);
        Figures.print("memory", "rss_last_quarter", lastQuarter, "MiB", "", null);
        Figures.print("memory", "rss_growth_after_warmup", growth, "MiB",
                "no growth (<= 5 % of " + Figures.format(firstQuarter) + ")",
                length.toHours() >= 12 ? growth <= 0.05 * firstQuarter : null); // a smoke run is too short to judge
    }

    /**
     * Each registry's healthy logins and pulls, plus {@code failingPerHour} distinct callers per hour whose
     * logins are rejected, about twice each; the callers of every hour are new ones.
     */
    static final class Callers implements Traffic {
        private final List<String> registries;
        private final double failuresPerSecond;
        private double carry;

        Callers(List<String> registries, int failingPerHour) {
            this.registries = registries;
            this.failuresPerSecond = failingPerHour * 2 / 3600.0;
        }

        @Override
        public void generateSecond(Instant second, Random rnd, Consumer<SimEvent> out) {
            for (String registry : registries) {
                if (rnd.nextInt(6) == 0) {
                    out.accept(new SimEvent(LogTable.LOGIN, second, second, registry, "Login", "200", "aks-node",
                            "10.240.0." + rnd.nextInt(50), ""));
                }
                if (rnd.nextInt(2) == 0) {
                    out.accept(new SimEvent(LogTable.REPOSITORY, second, second, registry, "Pull", "200", "aks-node",
                            "10.240.0." + rnd.nextInt(50), "app/web"));
                }
            }
            long hour = second.getEpochSecond() / 3600;
            carry += failuresPerSecond;
            for (; carry >= 1; carry--) {
                int caller = rnd.nextInt((int) (failuresPerSecond * 3600 / 2));
                out.accept(new SimEvent(LogTable.LOGIN, second, second, registries.get(caller % registries.size()),
                        "Login", "401", "user-" + hour + "-" + caller,
                        "10." + (caller >> 16 & 255) + "." + (caller >> 8 & 255) + "." + (caller & 255), ""));
            }
        }
    }
}
