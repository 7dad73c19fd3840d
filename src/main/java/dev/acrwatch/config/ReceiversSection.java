package dev.acrwatch.config;

import dev.acrwatch.alert.Route;
import dev.acrwatch.notify.AlertmanagerReceiver;
import dev.acrwatch.notify.EmailReceiver;
import dev.acrwatch.notify.EmailReceiver.SmtpSecurity;
import dev.acrwatch.notify.ReceiverConfig;
import dev.acrwatch.notify.SlackReceiver;
import dev.acrwatch.notify.Timeouts;
import dev.acrwatch.notify.WebhookReceiver;
import dev.acrwatch.rule.InvalidRuleException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Parses {@code alerting.receivers}: one receiver and one route per entry. */
final class ReceiversSection {

    /**
     * The receivers in file order, one route per receiver, and every well-formed name (also of
     * receivers with other problems, so rules naming them get no second, misleading error).
     */
    record Parsed(List<ReceiverConfig> receivers, List<Route> routes, List<String> names) {}

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    static final Pattern LABEL = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern HOST = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\]");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>\",;]+@[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");
    private static final List<String> TYPES = List.of("email", "slack", "webhook", "alertmanager");
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");
    private static final Duration ONE_MS = Duration.ofMillis(1);

    private ReceiversSection() {}

    static Parsed parse(Node alerting) {
        List<ReceiverConfig> receivers = new ArrayList<>();
        List<Route> routes = new ArrayList<>();
        Map<String, String> firstPathByName = new java.util.LinkedHashMap<>();
        for (Node r : alerting.mapList("receivers", false)) {
            String name = null;
            if (!r.has("name")) {
                r.error("name", "required (rules and routes refer to a receiver by its name)");
            } else {
                name = r.matching("name", NAME, "a name of lower-case letters, digits, _ and - (at most 63)").orElse(null);
            }
            if (name != null) {
                String first = firstPathByName.putIfAbsent(name, r.path());
                if (first != null) {
                    r.error("name", "duplicate receiver name " + Render.quote(name) + " (first used in " + first + ")");
                    name = null;
                }
            }
            String type = r.has("type") ? r.oneOf("type", null, TYPES) : missing(r, "type");
            boolean sendResolved = r.bool("send_resolved", true);
            Optional<Route> route = route(r, name, sendResolved);
            Timeouts timeouts = timeouts(r.child("timeouts"));
            Optional<ReceiverConfig> receiver = type == null ? Optional.empty() : switch (type) {
                case "email" -> email(r, name, sendResolved, timeouts);
                case "slack" -> slack(r, name, sendResolved, timeouts);
                case "webhook" -> webhook(r, name, sendResolved, timeouts);
                default -> alertmanager(r, name, sendResolved, timeouts);
            };
            r.finish();
            if (name != null && receiver.isPresent() && route.isPresent()) {
                receivers.add(receiver.get());
                routes.add(route.get());
            }
        }
        return new Parsed(receivers, routes, List.copyOf(firstPathByName.keySet()));
    }

    private static String missing(Node n, String key) {
        n.error(key, "required");
        return null;
    }

    private static Optional<Route> route(Node r, String name, boolean sendResolved) {
        List<String> groupBy = null;
        Optional<List<Node.Item>> items = r.stringList("group_by");
        if (items.isPresent()) {
            Set<String> seen = new LinkedHashSet<>();
            for (Node.Item item : items.get()) {
                if (!LABEL.matcher(item.value()).matches()) {
                    r.error(item, "expected a label name like registry, found " + Render.quote(item.value()));
                } else if (!seen.add(item.value())) {
                    r.error(item, "duplicate label " + Render.quote(item.value()));
                }
            }
            groupBy = List.copyOf(seen);
        }
        Duration groupWait = r.duration("group_wait", Route.DEFAULT_GROUP_WAIT, Duration.ZERO, null);
        Duration groupInterval = r.duration("group_interval", Route.DEFAULT_GROUP_INTERVAL, Duration.ofSeconds(1), null);
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Route(name, groupBy, groupWait, groupInterval, sendResolved));
        } catch (InvalidRuleException e) {
            // the checks above make this unreachable; report rather than crash if Route grows a rule
            r.error(e.field(), problemOf(e));
            return Optional.empty();
        }
    }

    private static Timeouts timeouts(Node t) {
        Duration connect = t.duration("connect", Timeouts.DEFAULT.connect(), ONE_MS, Duration.ofMinutes(10));
        Duration read = t.duration("read", Timeouts.DEFAULT.read(), ONE_MS, Duration.ofMinutes(10));
        t.finish();
        return new Timeouts(connect, read);
    }

    private static Optional<ReceiverConfig> email(Node r, String name, boolean sendResolved, Timeouts timeouts) {
        String host = r.has("host") ? r.matching("host", HOST, "a host name or IP address").orElse(null) : missing(r, "host");
        String security = r.oneOf("security", "starttls", List.of("none", "starttls", "smtps"));
        int defaultPort = switch (security) {
            case "none" -> 25;
            case "smtps" -> 465;
            default -> 587;
        };
        int port = r.integer("port", defaultPort, 1, 65535);
        Optional<String> username = r.string("username");
        if (username.isPresent() && username.get().isEmpty()) {
            r.error("username", "must not be empty (leave the key out to send without authentication)");
            username = Optional.empty();
        }
        Optional<Secret> password = Optional.empty();
        if (r.has("username")) {
            password = r.secret("password", true);
        } else {
            r.known("password", "password_file");
            for (String key : List.of("password", "password_file")) {
                if (r.has(key)) {
                    r.error(key, "set only together with username");
                }
            }
        }
        String from = r.has("from")
                ? r.matching("from", EMAIL, "an e-mail address like acr-watch@example.com").orElse(null)
                : missing(r, "from");
        List<String> to = addresses(r, "to", true);
        List<String> cc = addresses(r, "cc", false);
        String subject = r.string("subject").orElse(EmailReceiver.DEFAULT_SUBJECT);
        if (subject.isBlank()) {
            r.error("subject", "must not be empty (leave the key out for the default)");
        }
        Map<String, String> props = r.stringMap("mail_properties").orElse(Map.of());
        for (String key : props.keySet()) {
            if (!key.startsWith("mail.")) {
                r.error("mail_properties", "expected Jakarta Mail property names starting with \"mail.\", found "
                        + Render.quote(key));
            }
        }
        if (name == null || host == null || from == null || to.isEmpty() || username.isPresent() != password.isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new EmailReceiver(name, sendResolved, host, port, SmtpSecurity.valueOf(security.toUpperCase(Locale.ROOT)),
                username, password, from, to, cc, subject, timeouts, props));
    }

    private static List<String> addresses(Node r, String key, boolean required) {
        Optional<List<Node.Item>> items = r.stringList(key);
        if (items.isEmpty()) {
            if (required) {
                r.error(key, "required: at least one address to send to");
            }
            return List.of();
        }
        if (items.get().isEmpty() && required) {
            r.error(key, "must have at least one address");
        }
        List<String> out = new ArrayList<>();
        for (Node.Item item : items.get()) {
            if (EMAIL.matcher(item.value()).matches()) {
                out.add(item.value());
            } else {
                r.error(item, "expected an e-mail address like sre@example.com, found " + Render.quote(item.value()));
            }
        }
        return out.size() == items.get().size() ? out : List.of();
    }

    private static Optional<ReceiverConfig> slack(Node r, String name, boolean sendResolved, Timeouts timeouts) {
        String key = r.has("url_file") && !r.has("url") ? "url_file" : "url";
        Optional<Secret> url = r.secret("url", true);
        if (url.isEmpty()) {
            return Optional.empty();
        }
        // the webhook URL holds Slack's token, so it is checked but never shown
        Optional<URI> uri = uri(url.get().reveal());
        if (uri.isEmpty() || !isHttp(uri.get()) || !("https".equals(scheme(uri.get())) || isLoopback(uri.get()))) {
            r.error(key, "expected an https URL like https://hooks.slack.com/services/… (http only for localhost),"
                    + " found a value that is not shown because it is secret");
            return Optional.empty();
        }
        return name == null ? Optional.empty() : Optional.of(new SlackReceiver(name, sendResolved, url.get(), timeouts));
    }

    private static Optional<ReceiverConfig> webhook(Node r, String name, boolean sendResolved, Timeouts timeouts) {
        Optional<URI> url = httpUrl(r, "https://hooks.example.com/acr");
        Optional<Secret> token = r.secret("bearer_token", false);
        if (url.isPresent() && token.isPresent() && !"https".equals(scheme(url.get())) && !isLoopback(url.get())) {
            r.error("url", "must be https when a bearer token is set (http only for localhost), found "
                    + Render.quote(shown(url.get())));
            return Optional.empty();
        }
        if (name == null || url.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new WebhookReceiver(name, sendResolved, url.get(), token, timeouts));
    }

    private static Optional<ReceiverConfig> alertmanager(Node r, String name, boolean sendResolved, Timeouts timeouts) {
        Optional<URI> url = httpUrl(r, "http://alertmanager:9093");
        if (name == null || url.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AlertmanagerReceiver(name, sendResolved, url.get(), timeouts));
    }

    private static Optional<URI> httpUrl(Node r, String example) {
        if (!r.has("url")) {
            r.error("url", "required");
            return Optional.empty();
        }
        Optional<String> text = r.string("url");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<URI> uri = uri(text.get());
        if (uri.isEmpty() || !isHttp(uri.get()) || uri.get().getRawUserInfo() != null) {
            r.error("url", "expected an http(s) URL like " + example + " (no user:password@), found "
                    + Render.quote(uri.map(ReceiversSection::shown).orElse(text.get())));
            return Optional.empty();
        }
        return uri;
    }

    /** A URL as shown in a message: a query string may carry a token, so it is left out. */
    private static String shown(URI uri) {
        String s = uri.toString();
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q) + "?…";
    }

    private static Optional<URI> uri(String text) {
        try {
            return Optional.of(new URI(text));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static String scheme(URI uri) {
        return uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    }

    private static boolean isHttp(URI uri) {
        String s = scheme(uri);
        return (s.equals("http") || s.equals("https")) && uri.getHost() != null;
    }

    private static boolean isLoopback(URI uri) {
        return uri.getHost() != null && LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT));
    }

    /** The problem text of a domain exception, without its leading field name. */
    static String problemOf(InvalidRuleException e) {
        String prefix = e.field() + ": ";
        String m = e.getMessage();
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }
}
