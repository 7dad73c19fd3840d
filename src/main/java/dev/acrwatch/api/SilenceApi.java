package dev.acrwatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.acrwatch.alert.Silence;
import dev.acrwatch.alert.SilenceChange;
import dev.acrwatch.alert.SilenceRegistry;
import dev.acrwatch.config.Secret;
import dev.acrwatch.metrics.MetricsServer;
import dev.acrwatch.rule.InvalidRuleException;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON API for silences under {@value #PATH}: list, add, expire, and the audit trail of changes.
 * Reading needs only the endpoint's basic auth; changes need the {@code alerting.api_token} bearer token.
 */
public final class SilenceApi {

    public static final String PATH = "/api/v1/silences";
    /** Carries the API token when {@code Authorization} already carries the endpoint's basic auth. */
    public static final String TOKEN_HEADER = "X-Acr-Watch-Token";
    static final int MAX_BODY = 64 * 1024;
    static final int MAX_AUDIT = 10_000;
    static final String DISABLED = "silence changes are disabled: set alerting.api_token";
    private static final Logger log = LoggerFactory.getLogger(SilenceApi.class);

    private final SilenceRegistry registry;
    private final Optional<BearerToken> token;
    private final Clock clock;
    private final Consumer<SilenceChange> onChange;
    private final Deque<SilenceChange> audit = new ArrayDeque<>();

    SilenceApi(SilenceRegistry registry, Optional<Secret> token, Clock clock, Consumer<SilenceChange> onChange) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.token = token.filter(t -> !t.reveal().isBlank()).map(BearerToken::new);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.onChange = Objects.requireNonNull(onChange, "onChange");
    }

    /** Mounts the API on the metrics endpoint (behind its basic auth, when configured). */
    public static SilenceApi mount(MetricsServer server, SilenceRegistry registry, Optional<Secret> token, Clock clock) {
        return mount(server, registry, token, clock, change -> { });
    }

    /**
     * Mounts the API and reports every change, after the registry took it, e.g. to persist silences
     * and the audit trail in the state store.
     */
    public static SilenceApi mount(MetricsServer server, SilenceRegistry registry, Optional<Secret> token, Clock clock,
            Consumer<SilenceChange> onChange) {
        SilenceApi api = new SilenceApi(registry, token, clock, onChange);
        server.addHandler(PATH, api::handle);
        return api;
    }

    /** The changes made through this API, oldest first (the newest {@value #MAX_AUDIT} are kept). */
    public synchronized List<SilenceChange> audit() {
        return List.copyOf(audit);
    }

    void handle(HttpExchange ex) throws IOException {
        try {
            route(ex);
        } catch (ApiException e) {
            if (e.status() == 401) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"acr-watch\"");
            }
            Exchanges.respond(ex, e.status(), SilenceJson.error(e.getMessage()));
        } catch (RuntimeException e) {
            log.error("silence API: {} {} failed", ex.getRequestMethod(), LogSafe.of(ex.getRequestURI().getPath()), e);
            Exchanges.respond(ex, 500, SilenceJson.error("internal error"));
        } finally {
            ex.close();
        }
    }

    private void route(HttpExchange ex) throws IOException, ApiException {
        String rest = ex.getRequestURI().getPath().substring(PATH.length());
        String method = ex.getRequestMethod();
        if (rest.isEmpty() || rest.equals("/")) {
            switch (method) {
                case "GET", "HEAD" -> list(ex);
                case "POST" -> create(ex);
                default -> notAllowed(ex, "GET, HEAD, POST");
            }
        } else if (rest.equals("/audit")) {
            if (!method.equals("GET") && !method.equals("HEAD")) {
                notAllowed(ex, "GET, HEAD");
            }
            Exchanges.respond(ex, 200, SilenceJson.changes(audit(), clock.instant()));
        } else if (rest.matches("/[^/]+")) {
            String id = rest.substring(1);
            switch (method) {
                case "GET", "HEAD" -> Exchanges.respond(ex, 200, SilenceJson.silence(find(id), clock.instant()));
                case "DELETE" -> expire(ex, id);
                default -> notAllowed(ex, "GET, HEAD, DELETE");
            }
        } else {
            throw new ApiException(404, "path: no such resource " + SilenceRequests.quote(ex.getRequestURI().getPath()));
        }
    }

    private void list(HttpExchange ex) throws IOException, ApiException {
        String state = Exchanges.query(ex).getOrDefault("state", "active");
        Instant now = clock.instant();
        List<Silence> list = switch (state) {
            // "active" is what mutes now or will: pending silences are listed too, with their own state.
            case "active" -> registry.all().stream().filter(s -> !s.isExpired(now)).toList();
            case "expired" -> registry.all().stream().filter(s -> s.isExpired(now)).toList();
            case "all" -> registry.all();
            default -> throw new ApiException(400, "state: expected active, expired or all, found "
                    + SilenceRequests.quote(state));
        };
        Exchanges.respond(ex, 200, SilenceJson.silences(list, now));
    }

    private void create(HttpExchange ex) throws IOException, ApiException {
        authorize(ex);
        SilenceRequests.Create req = SilenceRequests.create(Exchanges.json(ex), clock.instant());
        SilenceChange change;
        try {
            change = registry.add(req.matchers(), req.startsAt(), req.endsAt(), req.createdBy(), req.comment());
        } catch (InvalidRuleException e) {
            throw new ApiException(400, e.getMessage());
        }
        record(change);
        Silence s = change.silence();
        log.info("silence {} created by \"{}\" from {}: matchers {} from {} until {}; comment: \"{}\"", s.id(),
                LogSafe.of(change.by()), Exchanges.remote(ex), LogSafe.of(s.matchers().toString()), s.startsAt(),
                s.endsAt(), LogSafe.of(s.comment()));
        ex.getResponseHeaders().set("Location", PATH + "/" + s.id());
        Exchanges.respond(ex, 201, SilenceJson.silence(s, clock.instant()));
    }

    private void expire(HttpExchange ex, String id) throws IOException, ApiException {
        authorize(ex);
        Map<String, String> q = Exchanges.query(ex);
        String by = q.get("by");
        String reason = q.get("reason");
        JsonNode body = Exchanges.json(ex);
        if (body != null) {
            if (!body.isObject()) {
                throw new ApiException(400, "body: expected a JSON object like {\"by\":\"jane\", \"reason\":\"fixed\"}");
            }
            by = by != null ? by : textOrNull(body, "by");
            reason = reason != null ? reason : textOrNull(body, "reason");
        }
        SilenceRequests.Expire req = SilenceRequests.expire(by, reason);
        find(id);
        SilenceChange change;
        try {
            change = registry.expire(id, req.by(), req.reason());
        } catch (InvalidRuleException e) {
            throw new ApiException(e.field().equals("id") ? 409 : 400, e.getMessage());
        }
        record(change);
        log.info("silence {} expired by \"{}\" from {}: matchers {}; reason: \"{}\"", id, LogSafe.of(change.by()),
                Exchanges.remote(ex), LogSafe.of(change.silence().matchers().toString()), LogSafe.of(change.reason()));
        Exchanges.respond(ex, 200, SilenceJson.silence(change.silence(), clock.instant()));
    }

    private Silence find(String id) throws ApiException {
        return registry.all().stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new ApiException(404, "id: no silence " + SilenceRequests.quote(id)));
    }

    private void authorize(HttpExchange ex) throws ApiException {
        if (token.isEmpty()) {
            throw new ApiException(403, DISABLED);
        }
        if (!token.get().accepts(ex.getRequestHeaders().get("Authorization"),
                ex.getRequestHeaders().get(TOKEN_HEADER))) {
            log.warn("silence API: refused {} {} from {}: missing or wrong API token", ex.getRequestMethod(),
                    LogSafe.of(ex.getRequestURI().getPath()), Exchanges.remote(ex));
            throw new ApiException(401, "unauthorized: send Authorization: Bearer <alerting.api_token>, or "
                    + TOKEN_HEADER + ": <alerting.api_token> when Authorization carries basic auth");
        }
    }

    private void record(SilenceChange change) {
        synchronized (this) {
            if (audit.size() >= MAX_AUDIT) {
                audit.removeFirst();
            }
            audit.addLast(change);
        }
        try {
            onChange.accept(change);
        } catch (RuntimeException e) {
            // The registry already holds the change, so the caller is told it worked; the log says
            // that it may not survive a restart.
            log.error("silence {}: {} by \"{}\" is in effect but was not saved", change.silenceId(), change.action(),
                    LogSafe.of(change.by()), e);
        }
    }

    private static String textOrNull(JsonNode body, String field) throws ApiException {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new ApiException(400, field + ": expected a string, found " + SilenceRequests.quote(n.toString()));
        }
        return n.asText();
    }

    private static void notAllowed(HttpExchange ex, String allow) throws ApiException {
        ex.getResponseHeaders().set("Allow", allow);
        throw new ApiException(405, "method: " + SilenceRequests.quote(ex.getRequestMethod()) + " not allowed here;"
                + " allowed: " + allow);
    }

}
