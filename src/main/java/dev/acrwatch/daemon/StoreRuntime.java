package dev.acrwatch.daemon;

import dev.acrwatch.config.StoreConfig;
import dev.acrwatch.metrics.StoreMetrics;
import dev.acrwatch.poll.Readiness;
import dev.acrwatch.store.InMemoryStateStore;
import dev.acrwatch.store.StateStore;
import dev.acrwatch.store.jdbc.JdbcDatabase;
import dev.acrwatch.store.jdbc.JdbcStateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state store as the daemon runs it: opened (and migrated) from the config, checked every second so the
 * node reports not-ready and {@code acrwatch_store_up 0} while the database is away, and feeding readiness with
 * the polls every node made.
 */
final class StoreRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StoreRuntime.class);

    private final StoreConfig config;
    private final StateStore store;
    private final Optional<JdbcDatabase> database;
    private final Optional<JdbcDatabase> schedulerDatabase;
    private final String nodeId;
    private ScheduledExecutorService checks;
    private volatile boolean healthy = true;

    private StoreRuntime(StoreConfig config, StateStore store, Optional<JdbcDatabase> database,
            Optional<JdbcDatabase> schedulerDatabase, String nodeId) {
        this.config = config;
        this.store = store;
        this.database = database;
        this.schedulerDatabase = schedulerDatabase;
        this.nodeId = nodeId;
    }

    /**
     * Opens the store; a schema newer than this binary, or a database that cannot be reached, fails the start
     * with a message that says what to do.
     */
    static StoreRuntime open(StoreConfig config) throws IOException {
        String node = config.nodeId().orElseGet(StoreRuntime::defaultNodeId);
        switch (config.kind()) {
            case MEMORY -> {
                log.warn("state store: memory — alert state, outbox and watermarks are lost on restart");
                return new StoreRuntime(config, new InMemoryStateStore(), Optional.empty(), Optional.empty(), node);
            }
            case H2 -> {
                Files.createDirectories(config.dataDir());
                JdbcDatabase db = JdbcDatabase.h2(config.dataDir());
                StateStore store = openOrClose(db);
                log.info("state store: H2 file database in {}", config.dataDir());
                return new StoreRuntime(config, store, Optional.of(db), Optional.empty(), node);
            }
            default -> {
                JdbcDatabase db = JdbcDatabase.postgres(config.url().orElseThrow(), config.user().orElseThrow(),
                        config.password().orElseThrow());
                StateStore store = openOrClose(db);
                log.info("state store: PostgreSQL {}; cluster node {}", db.describe(), node);
                return new StoreRuntime(config, store, Optional.of(db), Optional.of(db.another()), node);
            }
        }
    }

    private static StateStore openOrClose(JdbcDatabase db) {
        try {
            return JdbcStateStore.open(db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    StateStore store() {
        return store;
    }

    String nodeId() {
        return nodeId;
    }

    /** The clustered scheduler's connections (its own pool), when the store is shared. */
    Optional<DataSource> schedulerDataSource() {
        return schedulerDatabase.map(JdbcDatabase::dataSource);
    }

    Duration checkinInterval() {
        return config.checkinInterval();
    }

    /**
     * Checks the store every {@code every} (real time): readiness learns of other nodes' polls, and of a store
     * that cannot be reached.
     */
    void startChecks(Readiness readiness, StoreMetrics metrics, Duration every) {
        checks = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "acr-watch-store-check");
            t.setDaemon(true);
            return t;
        });
        checks.scheduleWithFixedDelay(() -> check(readiness, metrics), 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check(Readiness readiness, StoreMetrics metrics) {
        try {
            store.lastPolled().forEach((k, at) -> readiness.markSucceeded(k.workspace(), k.table(), at));
            if (!healthy) {
                log.info("state store reachable again");
            }
            healthy = true;
            readiness.setStoreProblem(Optional.empty());
            metrics.succeeded();
        } catch (RuntimeException e) {
            if (healthy) {
                log.error("state store unreachable: {}; polls and alert evaluation wait for it, /metrics stays up",
                        e.getMessage());
            }
            healthy = false;
            readiness.setStoreProblem(Optional.of("unreachable (" + e.getMessage() + ")"));
            metrics.failed();
        }
    }

    @Override
    public void close() {
        if (checks != null) {
            checks.shutdownNow();
        }
        schedulerDatabase.ifPresent(JdbcDatabase::close);
        database.ifPresent(JdbcDatabase::close);
    }

    private static String defaultNodeId() {
        // The environment, not a name lookup: starting must not depend on DNS.
        String host = Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> h.matches("[A-Za-z0-9._-]{1,48}"))
                .orElse("acr-watch");
        return host + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }
}
