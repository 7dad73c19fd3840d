package dev.acrwatch.api;

import dev.acrwatch.alert.SilenceChange;
import dev.acrwatch.alert.SilenceRegistry;
import dev.acrwatch.config.MetricsConfig;
import dev.acrwatch.config.Secret;
import dev.acrwatch.metrics.MetricsServer;
import dev.acrwatch.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicInteger;

/** A real metrics endpoint on a loopback port with the silences API mounted, for API and CLI tests. */
public final class ApiServer implements AutoCloseable {

    public static final String TOKEN = "t0ken-Sh0uld-N3ver-Leak";

    public final MutableClock clock = MutableClock.at("2026-11-23T21:00:00Z");
    public final SilenceRegistry registry;
    public final SilenceApi api;
    public final MetricsServer server;
    /** What the API reported through its change listener, in order. */
    public final List<SilenceChange> reported = new CopyOnWriteArrayList<>();

    private ApiServer(Optional<Secret> token, Optional<MetricsConfig.BasicAuth> basicAuth) throws Exception {
        this(token, basicAuth, change -> { });
    }

    private ApiServer(Optional<Secret> token, Optional<MetricsConfig.BasicAuth> basicAuth,
            Consumer<SilenceChange> listener) throws Exception {
        AtomicInteger ids = new AtomicInteger();
        registry = new SilenceRegistry(clock, () -> "s" + ids.incrementAndGet(), List.of());
        server = MetricsServer.start(new MetricsConfig("127.0.0.1", 0, "/metrics", Optional.empty(), basicAuth, 10,
                Duration.ofHours(1)), format -> "", List::of, clock);
        api = SilenceApi.mount(server, registry, token, clock, change -> {
            reported.add(change);
            listener.accept(change);
        });
    }

    public static ApiServer withToken() throws Exception {
        return new ApiServer(Optional.of(Secret.of(TOKEN)), Optional.empty());
    }

    /** With a change listener that may fail, as a state store could. */
    public static ApiServer withTokenAndListener(Consumer<SilenceChange> listener) throws Exception {
        return new ApiServer(Optional.of(Secret.of(TOKEN)), Optional.empty(), listener);
    }

    public static ApiServer withoutToken() throws Exception {
        return new ApiServer(Optional.empty(), Optional.empty());
    }

    public static ApiServer withTokenAndBasicAuth(String user, String password) throws Exception {
        return new ApiServer(Optional.of(Secret.of(TOKEN)),
                Optional.of(new MetricsConfig.BasicAuth(user, Optional.empty(), Optional.of(Secret.of(password)))));
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
