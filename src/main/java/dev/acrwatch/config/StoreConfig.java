package dev.acrwatch.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the daemon keeps what it must not forget (watermarks, window bins, alert states, outbox, silences).
 *
 * @param kind            {@code h2}: an embedded file database under {@code dataDir}, one node, no setup;
 *                        {@code postgres}: a shared database, for two or more nodes; {@code memory}: nothing
 *                        survives a restart (trials and the demo)
 * @param checkinInterval how often a clustered node tells the others it is alive; a node silent for longer has
 *                        its polls taken over
 * @param nodeId          this node's name in the cluster (default: host name plus a random suffix)
 */
public record StoreConfig(Kind kind, Path dataDir, Optional<String> url, Optional<String> user,
        Optional<Secret> password, Duration checkinInterval, Optional<String> nodeId) {

    public static final Duration DEFAULT_CHECKIN_INTERVAL = Duration.ofSeconds(15);

    public enum Kind { H2, POSTGRES, MEMORY }

    public StoreConfig {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(dataDir, "dataDir");
    }

    public static StoreConfig h2(Path dataDir) {
        return new StoreConfig(Kind.H2, dataDir, Optional.empty(), Optional.empty(), Optional.empty(),
                DEFAULT_CHECKIN_INTERVAL, Optional.empty());
    }

    public static StoreConfig memory() {
        return new StoreConfig(Kind.MEMORY, Path.of("."), Optional.empty(), Optional.empty(), Optional.empty(),
                DEFAULT_CHECKIN_INTERVAL, Optional.empty());
    }

    public static StoreConfig postgres(String url, String user, Secret password, Duration checkinInterval) {
        return new StoreConfig(Kind.POSTGRES, Path.of("."), Optional.of(url), Optional.of(user),
                Optional.of(password), checkinInterval, Optional.empty());
    }

    /** Whether several nodes may share this store (and so run Quartz clustered). */
    public boolean clustered() {
        return kind == Kind.POSTGRES;
    }
}
