package dev.acrwatch.probe;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every target once per interval, each on its own thread, so one slow registry never
 * delays another's result. A target whose previous probe is still running is skipped, not queued.
 */
public final class ProbeRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeRunner.class);

    private final List<ProbeTarget> targets;
    private final Duration interval;
    private final Prober prober;
    private final ProbeListener listener;
    private final ExecutorService probes;
    private final ExecutorService lookups;
    private final ScheduledExecutorService ticker;
    private final Map<ProbeTarget, Boolean> inFlight = new ConcurrentHashMap<>();
    private final Map<ProbeTarget, Optional<ProbeFailureReason>> lastOutcome = new ConcurrentHashMap<>();

    /** A runner with the system resolver and the configured (or JDK default) trust store. */
    public static ProbeRunner create(ProbeConfig config, Clock clock, ProbeListener listener) {
        return create(config, Resolver.system(), clock, listener);
    }

    /** A runner resolving names with {@code resolver} (the demo answers its registry with loopback). */
    public static ProbeRunner create(ProbeConfig config, Resolver resolver, Clock clock, ProbeListener listener) {
        return new ProbeRunner(config, Objects.requireNonNull(resolver, "resolver"), SocketFactory.getDefault(),
                TrustStores.sslContext(config.trustStore()).getSocketFactory(), clock, listener);
    }

    ProbeRunner(ProbeConfig config, Resolver resolver, SocketFactory sockets, SSLSocketFactory tls, Clock clock,
            ProbeListener listener) {
        this.targets = List.copyOf(config.targets());
        this.interval = config.interval();
        this.listener = Objects.requireNonNull(listener, "listener");
        int n = Math.max(1, targets.size());
        this.probes = Executors.newFixedThreadPool(n, daemonThreads("acr-probe-"));
        // The JDK resolver cannot be interrupted; a stuck lookup keeps its thread until the OS
        // resolver gives up. Two per target bounds the threads such lookups can hold.
        this.lookups = new ThreadPoolExecutor(0, 2 * n, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemonThreads("acr-probe-dns-"));
        this.ticker = Executors.newSingleThreadScheduledExecutor(daemonThreads("acr-probe-ticker-"));
        this.prober = new Prober(resolver, sockets, tls, config.timeouts(), clock, lookups);
    }

    /** Probes every target now and then once per interval, until {@link #close()}. */
    public void start() {
        ticker.scheduleAtFixedRate(() -> {
            try {
                runOnce();
            } catch (RuntimeException e) {
                // An exception would cancel every later tick; log it and keep the schedule.
                LOG.error("starting probes failed", e);
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts one probe of each target not already being probed; the futures complete after the
     * listener has seen the result. Callable from an external scheduler instead of {@link #start()}.
     */
    public List<CompletableFuture<ProbeResult>> runOnce() {
        List<CompletableFuture<ProbeResult>> started = new ArrayList<>();
        for (ProbeTarget target : targets) {
            if (inFlight.putIfAbsent(target, Boolean.TRUE) != null) {
                LOG.warn("probe of {} still running after the {} ms interval; skipping this round", target.name(),
                        interval.toMillis());
                continue;
            }
            try {
                started.add(CompletableFuture.supplyAsync(() -> probeAndReport(target), probes));
            } catch (RuntimeException e) {
                inFlight.remove(target);
                throw e;
            }
        }
        return started;
    }

    private ProbeResult probeAndReport(ProbeTarget target) {
        try {
            ProbeResult result = prober.probe(target);
            log(result);
            try {
                listener.onResult(result);
            } catch (RuntimeException e) {
                LOG.error("probe listener failed for {}", target.name(), e);
            }
            return result;
        } finally {
            inFlight.remove(target);
        }
    }

    /** Logs changes of outcome loudly and repeats quietly, so a long outage does not flood the log. */
    private void log(ProbeResult result) {
        Optional<ProbeFailureReason> previous = lastOutcome.put(result.target(), result.reason());
        boolean changed = previous == null ? !result.success() : !previous.equals(result.reason());
        if (result.success()) {
            if (changed) {
                LOG.info("probe of {} recovered: {}", result.target().name(), result.message());
            }
        } else if (changed) {
            LOG.warn("probe of {} failed ({}): {}", result.target().name(), result.reason().get().label(),
                    result.message());
        } else {
            LOG.debug("probe of {} still failing ({}): {}", result.target().name(),
                    result.reason().get().label(), result.message());
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        probes.shutdownNow();
        lookups.shutdownNow();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
