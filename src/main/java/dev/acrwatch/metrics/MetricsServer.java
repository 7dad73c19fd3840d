package dev.acrwatch.metrics;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.acrwatch.config.ConfigException;
import dev.acrwatch.config.MetricsConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The scrape endpoint plus /healthz and /readyz, over HTTP or HTTPS, optionally behind basic auth. */
public final class MetricsServer {

    static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS_FORMAT = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
    private static final int THREADS = 4;

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final Optional<BasicAuthFilter> auth;

    private final String scheme;
    private final String path;

    private MetricsServer(HttpServer server, ThreadPoolExecutor executor, Optional<BasicAuthFilter> auth,
            String scheme, String path) {
        this.server = server;
        this.executor = executor;
        this.auth = auth;
        this.scheme = scheme;
        this.path = path;
    }

    /** Binds and starts serving, with the system clock. */
    public static MetricsServer start(MetricsConfig config, Scrapeable metrics,
            Supplier<List<String>> notReadyReasons) throws ConfigException, IOException {
        return start(config, metrics, notReadyReasons, Clock.systemUTC());
    }

    /**
     * Binds and starts serving.
     *
     * @param notReadyReasons what keeps the daemon from being ready (e.g. a workspace with no
     *                        successful poll yet); empty means ready
     * @param clock           times the basic-auth cache
     */
    public static MetricsServer start(MetricsConfig config, Scrapeable metrics,
            Supplier<List<String>> notReadyReasons, Clock clock) throws ConfigException, IOException {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(notReadyReasons, "notReadyReasons");
        String path = config.path();
        if (!path.startsWith("/") || path.equals("/healthz") || path.equals("/readyz")) {
            throw new ConfigException("metrics", List.of("path: expected a path starting with / other than"
                    + " /healthz and /readyz, found \"" + path + "\""));
        }
        Optional<BasicAuthFilter> auth = Optional.empty();
        if (config.basicAuth().isPresent()) {
            auth = Optional.of(BasicAuthFilter.of(config.basicAuth().get(), clock));
        }
        // Key material is read before binding, so a bad key does not leave the port held.
        Optional<SSLContext> tls = Optional.empty();
        if (config.tls().isPresent()) {
            tls = Optional.of(PemKeyMaterial.sslContext(config.tls().get().certFile(), config.tls().get().keyFile()));
        }
        HttpServer server;
        try {
            InetSocketAddress bind = new InetSocketAddress(config.address(), config.port());
            if (tls.isPresent()) {
                HttpsServer https = HttpsServer.create(bind, 0);
                https.setHttpsConfigurator(new HttpsConfigurator(tls.get()));
                server = https;
            } else {
                server = HttpServer.create(bind, 0);
            }
        } catch (IOException e) {
            throw new IOException("metrics: cannot listen on " + config.address() + ":" + config.port() + ": "
                    + e.getMessage(), e);
        }
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(64), daemonThreads(),
                // When threads and queue are full the JDK server closes the new connection; running
                // it on the accepting thread instead would let a few stalled clients stop all scrapes.
                new ThreadPoolExecutor.AbortPolicy());
        server.setExecutor(executor);
        MetricsServer ms = new MetricsServer(server, executor, auth, tls.isPresent() ? "https" : "http", path);
        ms.mount(path, exact(path, exchange -> scrape(exchange, metrics)), true);
        ms.mount("/healthz", exact("/healthz", exchange -> respond(exchange, 200, "text/plain; charset=utf-8", "ok\n")),
                false);
        ms.mount("/readyz", exact("/readyz", exchange -> ready(exchange, notReadyReasons.get())), true);
        if (!path.equals("/")) {
            ms.mount("/", exchange -> respond(exchange, 404, "text/plain; charset=utf-8", "not found\n"), true);
        }
        server.start();
        log.info("metrics endpoint listening on {}:{}{} ({}{})", config.address(), ms.port(), path,
                config.tls().isPresent() ? "https" : "http", auth.isPresent() ? ", basic auth" : "");
        return ms;
    }

    /** The bound port (useful when configured as 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Where the metrics are served, for people: a wildcard bind address shows as localhost. */
    public String url() {
        String host = server.getAddress().getAddress().isAnyLocalAddress()
                ? "localhost" : server.getAddress().getAddress().getHostAddress();
        return scheme + "://" + host + ":" + port() + path;
    }

    /** Mounts another handler (e.g. a silences API) under {@code path}, behind the same basic auth. */
    public void addHandler(String path, HttpHandler handler) {
        mount(path, handler, true);
    }

    /** Stops accepting, ends open exchanges and the worker threads. */
    public void stop() {
        server.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void mount(String path, HttpHandler handler, boolean protectedPath) {
        HttpContext ctx = server.createContext(path, handler);
        ctx.getFilters().add(errorsAsStatus());
        if (protectedPath) {
            auth.ifPresent(ctx.getFilters()::add);
        }
    }

    private static void scrape(HttpExchange exchange, Scrapeable metrics) throws IOException {
        if (!isGetOrHead(exchange)) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
            return;
        }
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        // Only the two text formats are offered: the raw Accept header is not passed on, since a
        // protobuf request must not be answered with text labelled as protobuf.
        String format = accept != null && accept.contains("application/openmetrics-text")
                ? OPENMETRICS_FORMAT : TEXT_FORMAT;
        respond(exchange, 200, format, metrics.scrape(format));
    }

    private static void ready(HttpExchange exchange, List<String> reasons) throws IOException {
        if (reasons.isEmpty()) {
            respond(exchange, 200, "text/plain; charset=utf-8", "ready\n");
        } else {
            respond(exchange, 503, "text/plain; charset=utf-8", "not ready:\n- " + String.join("\n- ", reasons) + "\n");
        }
    }

    static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    // createContext matches by prefix; the fixed endpoints answer their exact path only.
    private static HttpHandler exact(String path, HttpHandler handler) {
        return exchange -> {
            if (exchange.getRequestURI().getPath().equals(path)) {
                handler.handle(exchange);
            } else {
                respond(exchange, 404, "text/plain; charset=utf-8", "not found\n");
            }
        };
    }

    private static boolean isGetOrHead(HttpExchange exchange) {
        String m = exchange.getRequestMethod();
        return m.equals("GET") || m.equals("HEAD");
    }

    // Without this an exception in a handler drops the connection with no response and no log.
    private static Filter errorsAsStatus() {
        return new Filter() {
            @Override
            public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
                try {
                    chain.doFilter(exchange);
                } catch (RuntimeException e) {
                    log.error("{} {} failed", exchange.getRequestMethod(), exchange.getHttpContext().getPath(), e);
                    respond(exchange, 500, "text/plain; charset=utf-8", "internal error\n");
                }
            }

            @Override
            public String description() {
                return "errors as 500";
            }
        };
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "metrics-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
