package dev.acrwatch.daemon;

import dev.acrwatch.config.AcrWatchConfig;
import dev.acrwatch.config.StoreConfig;
import dev.acrwatch.config.AuthConfig;
import dev.acrwatch.config.ExpectedCaller;
import dev.acrwatch.config.LoggingConfig;
import dev.acrwatch.config.MetricsConfig;
import dev.acrwatch.config.PollConfig;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.poll.PollListener;
import dev.acrwatch.probe.ProbeConfig;
import dev.acrwatch.probe.ProbeTarget;
import dev.acrwatch.rule.Ipv4Cidr;
import dev.acrwatch.source.simulator.DemoStory;
import dev.acrwatch.source.simulator.ScaledClock;
import dev.acrwatch.source.simulator.SimulatedWorkspace;
import dev.acrwatch.source.simulator.SimulatorServer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The demo: a simulated workspace on loopback plays the story on a sped-up clock, and the real
 * daemon polls it through the same SDK client as production.
 */
public final class DemoRun implements AutoCloseable {

    public static final String WORKSPACE_ID = "00000000-0000-4000-8000-00000000d3e0";

    /** How the demo runs; simulated durations are divided by speed to get real time. */
    /**
     * @param outDir where notifications are saved; null keeps them in memory only
     * @param smtp   an SMTP server (host:port) to send email to instead of the embedded one (Mailpit in compose)
     */
    /** @param store where the daemon keeps its state; empty: an H2 database in a temporary folder, removed at the end */
    public record Settings(double speed, Duration phaseLength, String metricsAddress, int metricsPort, long seed,
                           Path outDir, Optional<String> smtp, Optional<StoreConfig> store) {
        public Settings(double speed, Duration phaseLength, String metricsAddress, int metricsPort, long seed,
                        Path outDir) {
            this(speed, phaseLength, metricsAddress, metricsPort, seed, outDir, Optional.empty());
        }

        public Settings(double speed, Duration phaseLength, String metricsAddress, int metricsPort, long seed,
                        Path outDir, Optional<String> smtp) {
            this(speed, phaseLength, metricsAddress, metricsPort, seed, outDir, smtp, Optional.empty());
        }

        public Settings withStore(StoreConfig s) {
            return new Settings(speed, phaseLength, metricsAddress, metricsPort, seed, outDir, smtp, Optional.of(s));
        }

        public static Settings defaults() {
            return new Settings(20, Duration.ofMinutes(10), "127.0.0.1", 9464, 42, Path.of("demo-out"));
        }
    }

    private final ScaledClock clock;
    private final DemoStory story;
    private final SimulatedWorkspace workspace;
    private final SimulatorServer simulator;
    private final Daemon daemon;
    private final AcrWatchConfig config;
    private final AtomicBoolean closed = new AtomicBoolean();

    private final DemoSinks sinks;
    private final DemoRegistry registry;

    private final Daemon.Options options;
    private final Optional<Path> stateDir;

    private DemoRun(ScaledClock clock, DemoStory story, SimulatedWorkspace workspace, SimulatorServer simulator,
                    Daemon daemon, AcrWatchConfig config, DemoSinks sinks, DemoRegistry registry,
                    Daemon.Options options, Optional<Path> stateDir) {
        this.options = options;
        this.stateDir = stateDir;
        this.sinks = sinks;
        this.registry = registry;
        this.clock = clock;
        this.story = story;
        this.workspace = workspace;
        this.simulator = simulator;
        this.daemon = daemon;
        this.config = config;
    }

    public static DemoRun start(Settings s, PrintStream console, List<PollListener> extraListeners, String version)
            throws Exception {
        PollConfig poll = demoPoll();
        // Before the clock starts: making its certificate takes a second or two, minutes at demo speed.
        DemoRegistry registry = DemoRegistry.start();
        // The story starts in the past and the sped-up clock catches up with real time just as the
        // last poll of the recovery phase runs; after that the demo goes on at real speed.
        Duration simLength = storyLengthWithLastPoll(s.phaseLength(), poll);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // Phases start on whole minutes so each minute bin belongs to one phase.
        Instant simStart = now.plus(toReal(simLength, s.speed())).minus(simLength).truncatedTo(ChronoUnit.MINUTES);
        ScaledClock clock = new ScaledClock(Clock.systemUTC(), simStart, s.speed());
        DemoStory story = new DemoStory(simStart, s.phaseLength());
        // Fifteen minutes of healthy history, so the first poll already has something to show.
        SimulatedWorkspace ws = new SimulatedWorkspace(story, clock, s.seed(), simStart.minus(poll.initialLookback()));
        registry.follow(clock, story);
        SimulatorServer simulator;
        DemoSinks sinks;
        try {
            simulator = new SimulatorServer(ws, WORKSPACE_ID).start();
        } catch (Exception e) {
            registry.close();
            throw e;
        }
        try {
            sinks = DemoSinks.start(console, s.outDir());
        } catch (Exception e) {
            simulator.close();
            registry.close();
            throw e;
        }
        List<ExpectedCaller> callers = expectedCallers();
        ws.keepDetailFor(e -> callers.stream().anyMatch(c -> c.registry().equalsIgnoreCase(e.loginServer())
                && (c.identities().contains(e.identity())
                    || c.cidrs().stream().anyMatch(cidr -> Ipv4Cidr.parse(cidr).contains(e.callerIp())))));
        AcrWatchConfig config = new AcrWatchConfig(
                List.of(new WorkspaceConfig("demo", WORKSPACE_ID, Optional.of(simulator.endpoint()),
                        new AuthConfig.None(), DemoStory.REGISTRIES, callers, List.of())),
                poll,
                new MetricsConfig(s.metricsAddress(), s.metricsPort(), "/metrics", Optional.empty(), Optional.empty(),
                        10, Duration.ofHours(1)),
                LoggingConfig.defaults(),
                DemoAlerting.config(sinks, s.speed(), s.smtp()),
                Optional.of(demoProbes(s.phaseLength(), registry)));
        Optional<Path> stateDir = s.store().isPresent() ? Optional.empty()
                : Optional.of(Files.createTempDirectory("acr-watch-demo-state"));
        config = config.withStore(s.store().orElseGet(() -> StoreConfig.h2(stateDir.orElseThrow())));
        List<PollListener> listeners = new ArrayList<>();
        if (console != null) {
            listeners.add(new DemoConsole(console, story));
        }
        listeners.addAll(extraListeners);
        Daemon daemon;
        Daemon.Options options = new Daemon.Options(clock, clock.toReal(poll.interval()), s.speed(), listeners,
                DemoRegistry.resolver());
        try {
            daemon = Daemon.start(config, options, version);
        } catch (Exception e) {
            simulator.close();
            sinks.close();
            registry.close();
            stateDir.ifPresent(DemoRun::deleteQuietly);
            throw e;
        }
        return new DemoRun(clock, story, ws, simulator, daemon, config, sinks, registry, options, stateDir);
    }

    /** Both AKS node pools of the production cluster must keep pulling from the production registry. */
    static List<ExpectedCaller> expectedCallers() {
        return List.of(
                new ExpectedCaller(DemoStory.PROD, "aks-prod-pool1", List.of("10.240.0.0/24"), List.of(),
                        Duration.ofMinutes(5)),
                new ExpectedCaller(DemoStory.PROD, "aks-prod-pool2", List.of("10.240.1.0/24"),
                        List.of(DemoStory.AKS_PROD_POOL2), Duration.ofMinutes(5)));
    }

    /** Probes of the production registry a phase spans, so the firewall phase shows as a run of failures. */
    static final int PROBES_PER_PHASE = 15;

    /**
     * The daemon's probe of the production registry, played by the loopback registry. The interval
     * is simulated time, like the poll interval: a phase of 10 min gives 40 s, i.e. 2 s of real time
     * at speed 20 and 133 ms at speed 300. The probe alert needs failures for two intervals
     * (see {@link #probeFailFor}), well inside the phase. Timeouts are real time: loopback answers
     * in milliseconds, and a probe that outlives the interval is skipped rather than queued anyway.
     */
    static ProbeConfig demoProbes(Duration phaseLength, DemoRegistry registry) {
        Duration limit = Duration.ofSeconds(2);
        return new ProbeConfig(phaseLength.dividedBy(PROBES_PER_PHASE),
                new ProbeConfig.Timeouts(limit, limit, limit, limit, limit),
                List.of(new ProbeTarget(DemoStory.PROD, registry.port(), false)),
                Optional.of(registry.trustStore()));
    }

    /** How long the demo probe must fail before {@code acrwatch_probe} fires: two intervals, as in production. */
    static Duration probeFailFor(Duration phaseLength) {
        return phaseLength.dividedBy(PROBES_PER_PHASE).multipliedBy(2);
    }

    /**
     * Simulated-time poll settings. Settle exceeds the simulator's longest ingestion delay (3 min),
     * so no event becomes queryable behind the watermark.
     */
    static PollConfig demoPoll() {
        return new PollConfig(Duration.ofSeconds(60), Optional.empty(), Duration.ofSeconds(200),
                Duration.ofHours(6), Duration.ofMinutes(15), Duration.ofHours(48), Duration.ofSeconds(30),
                4, Duration.ofMillis(200), 450_000);
    }

    /** Real time until the story has played out and recovery has been polled. */
    public Duration defaultDuration() {
        return clock.toReal(storyLengthWithLastPoll(story.length().dividedBy(DemoStory.Phase.values().length),
                demoPoll()));
    }

    private static Duration storyLengthWithLastPoll(Duration phaseLength, PollConfig poll) {
        return phaseLength.multipliedBy(DemoStory.Phase.values().length)
                .plus(poll.settle()).plus(poll.interval().multipliedBy(2));
    }

    private static Duration toReal(Duration simulated, double speed) {
        return Duration.ofNanos((long) (simulated.toNanos() / speed));
    }

    public ScaledClock clock() {
        return clock;
    }

    public DemoStory story() {
        return story;
    }

    public SimulatedWorkspace workspace() {
        return workspace;
    }

    public Daemon daemon() {
        return daemon;
    }

    /** Every notification that arrived, email and Slack, in order. */
    public List<DemoSinks.Received> notifications() {
        return sinks.received();
    }

    public AcrWatchConfig config() {
        return config;
    }

    /**
     * Starts one more daemon on the same workspace, clock, receivers and store (a second cluster node when the
     * store is PostgreSQL), with its metrics on a free port. The caller closes (or halts) it.
     */
    public Daemon startAnotherNode(List<PollListener> listeners, String nodeId) throws Exception {
        StoreConfig s = config.store();
        StoreConfig node = new StoreConfig(s.kind(), s.dataDir(), s.url(), s.user(), s.password(), s.checkinInterval(),
                Optional.of(nodeId));
        MetricsConfig m = config.metrics();
        AcrWatchConfig other = new AcrWatchConfig(config.workspaces(), config.poll(), new MetricsConfig(m.address(), 0,
                m.path(), m.tls(), m.basicAuth(), m.topN(), m.topWindow()), config.logging(), config.alerting(),
                config.probes(), node);
        return Daemon.start(other, new Daemon.Options(options.clock(), options.schedulerInterval(), options.timeScale(),
                listeners, options.resolver()), "test");
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            daemon.close();
            simulator.close();
            sinks.close();
            registry.close();
            stateDir.ifPresent(DemoRun::deleteQuietly);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary folder; the OS cleans it eventually
        }
    }
}
