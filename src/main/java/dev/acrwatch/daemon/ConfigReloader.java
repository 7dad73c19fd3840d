package dev.acrwatch.daemon;

import dev.acrwatch.config.AcrWatchConfig;
import dev.acrwatch.config.ConfigException;
import dev.acrwatch.config.ConfigLoader;
import dev.acrwatch.metrics.ReloadMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Reloads the config file on SIGHUP or when its content changes: an invalid file is logged and
 * ignored, changes that need a restart are refused by name, the rest is handed to a {@link Reloadable}.
 *
 * <p>Every reload runs on one thread, so reloads never overlap; a burst of triggers while one is
 * queued adds nothing, and a queued reload reads the file when it starts, so it sees the newest content.
 */
public final class ConfigReloader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);
    private static final long MAX_BYTES = 1 << 20;

    /** How a reload ended. */
    public enum Status {
        /** The live parts changed and were applied. */
        APPLIED,
        /** Same content as the running config, or no change that matters: nothing to do. */
        UNCHANGED,
        /** The file is invalid or the running daemon refused it: the old config keeps running. */
        REJECTED,
        /** Some changes need a restart and were not applied; the live ones, if any, were. */
        RESTART_NEEDED;

        public boolean successful() {
            return this == APPLIED || this == UNCHANGED;
        }
    }

    /** @param problems what was wrong, each starting with its key path; empty on success */
    public record Outcome(Status status, List<String> problems) {
        public Outcome {
            problems = List.copyOf(problems);
        }
    }

    private final Path file;
    private final Map<String, String> env;
    private final Reloadable target;
    private final Clock clock;
    private final ReloadMetrics metrics;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "acr-watch-config-reload");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean queued = new AtomicBoolean();
    private final Object signalLock = new Object();
    private volatile boolean closed;
    private volatile AcrWatchConfig current;
    /** Hash of the content the running config fully matches; a reload of this content is a no-op. */
    private volatile String appliedHash;
    /** Hash the file watcher saw last (only touched on the worker thread). */
    private String seenHash;
    private SignalHandler previousHup;

    /**
     * Construct right after loading {@code running} from {@code file}: the file's content now is
     * taken as what is running.
     *
     * @param env variables for {@code ${NAME}} substitution, the same the running config was loaded with
     */
    public ConfigReloader(Path file, Map<String, String> env, AcrWatchConfig running, Reloadable target,
            Clock clock, ReloadMetrics metrics) {
        this.file = file;
        this.env = Map.copyOf(env);
        this.current = running;
        this.target = target;
        this.clock = clock;
        this.metrics = metrics;
        this.appliedHash = hashOf(file).orElse("");
        this.seenHash = appliedHash;
    }

    /** Hex SHA-256 of the file's content, for {@link ReloadMetrics}; empty when it cannot be read. */
    public static Optional<String> hashOf(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                return Optional.empty();
            }
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            return Optional.of(HexFormat.of().formatHex(digest));
        } catch (IOException e) {
            return Optional.empty();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The config the daemon runs with now. */
    public AcrWatchConfig current() {
        return current;
    }

    /** Reads, checks and applies the file now, on the caller's thread; {@code trigger} is logged. */
    public synchronized Outcome reloadNow(String trigger) {
        // Hash before loading: if the file changes in between, the recorded hash is the older one,
        // so the watcher sees a change and reloads again — one extra reload, never a missed one.
        Optional<String> hash = hashOf(file);
        if (hash.isPresent() && hash.get().equals(appliedHash)) {
            log.info("config reload ({}): {} is unchanged", trigger, file);
            return done(Status.UNCHANGED, List.of());
        }
        AcrWatchConfig next;
        try {
            next = ConfigLoader.load(file, env);
        } catch (ConfigException e) {
            log.error("config reload ({}) rejected, the running config stays: {}", trigger, e.getMessage());
            return done(Status.REJECTED, e.problems());
        }
        List<String> restart = ConfigDiff.restartNeeded(current, next);
        AcrWatchConfig merged = ConfigDiff.liveParts(current, next);
        List<String> live = ConfigDiff.liveChanges(current, merged);
        if (!live.isEmpty()) {
            try {
                target.apply(merged);
            } catch (Exception e) {
                log.error("config reload ({}) rejected by the running daemon, the running config stays: {}",
                        trigger, e.toString());
                return done(Status.REJECTED, List.of("(apply): " + e.getMessage()));
            }
            current = merged;
        }
        if (!restart.isEmpty()) {
            List<String> problems = restart.stream().map(p -> p + ": restart needed for this change").toList();
            log.error("config reload ({}): restart needed for {}; those changes are not applied{}", trigger,
                    String.join(", ", restart), live.isEmpty() ? "" : ", the live ones are: " + String.join(", ", live));
            return done(Status.RESTART_NEEDED, problems);
        }
        appliedHash = hash.orElse("");
        log.info("config reload ({}): {}", trigger, live.isEmpty()
                ? "no change that matters" : "applied " + String.join(", ", live));
        return done(live.isEmpty() ? Status.UNCHANGED : Status.APPLIED, List.of());
    }

    private Outcome done(Status status, List<String> problems) {
        metrics.record(status.successful(), clock.instant(), appliedHash);
        return new Outcome(status, problems);
    }

    /** Queues a reload on the reload thread unless one is already queued (it will read the newest file). */
    public void requestReload(String trigger) {
        if (queued.compareAndSet(false, true)) {
            try {
                worker.execute(() -> {
                    queued.set(false);
                    if (!closed) {
                        safely(trigger);
                    }
                });
            } catch (RejectedExecutionException afterClose) {
                queued.set(false);
            }
        }
    }

    /**
     * Reloads on SIGHUP. {@code sun.misc.Signal} is JDK-internal but a supported API (module
     * {@code jdk.unsupported}, kept for exactly this use). The handler runs on the JVM's signal
     * thread and only queues the work: a reload reads files and takes locks, which a signal
     * handler must not do. Without SIGHUP support (Windows, {@code -Xrs}) this logs a warning.
     */
    public void reloadOnSighup() {
        synchronized (signalLock) {
            try {
                SignalHandler previous = Signal.handle(new Signal("HUP"), sig -> requestReload("SIGHUP"));
                if (previousHup == null) {
                    previousHup = previous;
                }
            } catch (IllegalArgumentException e) {
                log.warn("SIGHUP cannot be handled here ({}); the config reloads on file change only", e.getMessage());
            }
        }
    }

    /**
     * Checks the file's content hash every {@code interval} and reloads when it changes.
     * Polling the content instead of a {@code WatchService}: editors save by writing a new file and
     * renaming it over the old one, and a Kubernetes ConfigMap mount swaps a {@code ..data} symlink
     * in the folder, so events arrive for other names or not at all; reading through the path
     * follows every symlink, and hashing ignores timestamps that {@code touch} or a copy change.
     */
    public void watchFile(Duration interval) {
        long millis = interval.toMillis();
        worker.scheduleWithFixedDelay(this::checkFile, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void checkFile() {
        Optional<String> hash = hashOf(file);
        // a missing file is usually a rename in progress: wait for it to reappear
        if (!closed && hash.isPresent() && !hash.get().equals(seenHash)) {
            seenHash = hash.get();
            safely("file change");
        }
    }

    private void safely(String trigger) {
        try {
            reloadNow(trigger);
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again; keep watching
            log.error("config reload ({}) failed: {}", trigger, e.toString());
        }
    }

    /**
     * Stops the watcher and the SIGHUP handler and drops a queued reload. Does not wait for a reload
     * in progress (it finishes on its own thread), so it may be called while holding a lock that
     * {@link Reloadable#apply} needs.
     */
    @Override
    public void close() {
        closed = true;
        synchronized (signalLock) {
            if (previousHup != null) {
                Signal.handle(new Signal("HUP"), previousHup);
                previousHup = null;
            }
        }
        // periodic tasks are cancelled by shutdown(); a queued reload sees closed and does nothing
        worker.shutdown();
    }

    /** After {@link #close}: waits until a reload in progress has finished; false on timeout. */
    boolean awaitStopped(Duration timeout) throws InterruptedException {
        return worker.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
