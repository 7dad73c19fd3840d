package dev.acrwatch.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Parses the top-level {@code store} map. */
final class StoreSection {

    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private StoreSection() {}

    static StoreConfig parse(Node store, Path baseDir) {
        String kindName = store.oneOf("kind", "h2", List.of("h2", "postgres", "memory"));
        StoreConfig.Kind kind = StoreConfig.Kind.valueOf(kindName.toUpperCase(Locale.ROOT));
        Path dataDir = baseDir.resolve("data").toAbsolutePath().normalize();
        Optional<String> dir = store.string("data_dir");
        if (dir.isPresent()) {
            if (kind != StoreConfig.Kind.H2) {
                store.error("data_dir", "only used with kind: h2 (kind is " + kindName + ")");
            }
            try {
                Path given = Path.of(dir.get());
                dataDir = given.isAbsolute() ? given : baseDir.resolve(given).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                store.error("data_dir", "expected a folder path, found " + Render.quote(dir.get()));
            }
        }
        Optional<String> url = Optional.empty();
        Optional<String> user = Optional.empty();
        Optional<Secret> password = Optional.empty();
        if (kind == StoreConfig.Kind.POSTGRES) {
            url = Optional.ofNullable(store.required("url"));
            url.filter(u -> !u.startsWith("jdbc:postgresql:")).ifPresent(u -> store.error("url",
                    "expected a JDBC URL like jdbc:postgresql://db.example:5432/acrwatch, found "
                            + Render.quote(u.startsWith("jdbc:") ? u.substring(0, u.indexOf(':', 5) + 1) + "…" : "…")));
            user = Optional.ofNullable(store.required("user"));
            password = store.secret("password", true);
        } else {
            for (String key : List.of("url", "user", "password", "password_file")) {
                if (store.has(key)) {
                    store.error(key, "only used with kind: postgres (kind is " + kindName + ")");
                }
            }
        }
        Duration checkin = store.duration("cluster_checkin_interval", StoreConfig.DEFAULT_CHECKIN_INTERVAL,
                Duration.ofSeconds(1), Duration.ofMinutes(10));
        Optional<String> nodeId = store.matching("node_id", NODE_ID,
                "letters, digits, '.', '_' or '-' (at most 64), like acr-watch-1");
        store.finish();
        return new StoreConfig(kind, dataDir, url, user, password, checkin, nodeId);
    }
}
