package dev.acrwatch.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses {@code workspaces[].registries}: each entry is a login server, or a map with
 * {@code login_server}, {@code expect_private_endpoint} and {@code expected_callers}.
 */
final class RegistriesSection {

    /** What the registries list of one workspace says. */
    record Registries(List<String> loginServers, List<ExpectedCaller> expectedCallers,
                      List<String> privateEndpointRegistries) {
        static final Registries NONE = new Registries(List.of(), List.of(), List.of());
    }

    static final Pattern DNS_NAME = Pattern.compile(
            "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");
    private static final Pattern CALLER_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    static final Duration DEFAULT_MAX_SILENCE = Duration.ofMinutes(15);
    // Polls summarize per minute: a shorter silence is within the noise of one late bin.
    static final Duration MIN_MAX_SILENCE = Duration.ofMinutes(2);
    private static final String LOGIN_SERVER_EXPECTATION = "a login server like myregistry.azurecr.io";

    private RegistriesSection() {}

    static Registries parse(Node ws) {
        Optional<List<Node.Entry>> entries = ws.stringOrMapList("registries",
                LOGIN_SERVER_EXPECTATION + " or a map with login_server");
        if (entries.isEmpty()) {
            return Registries.NONE;
        }
        if (entries.get().isEmpty()) {
            ws.error("registries", "must not be empty (leave the key out to watch every registry)");
            return Registries.NONE;
        }
        Set<String> seen = new LinkedHashSet<>();
        List<ExpectedCaller> callers = new ArrayList<>();
        List<String> privateEndpoint = new ArrayList<>();
        for (Node.Entry entry : entries.get()) {
            if (entry.string() != null) {
                loginServer(ws, entry.string(), seen);
                continue;
            }
            Node reg = entry.map();
            Optional<String> login = reg.has("login_server")
                    ? reg.string("login_server").flatMap(s -> loginServer(reg, reg.pathOf("login_server"), s, seen))
                    : Optional.empty();
            if (!reg.has("login_server")) {
                reg.error("login_server", "required");
            }
            boolean expectPrivate = reg.bool("expect_private_endpoint", false);
            List<ExpectedCaller> own = callers(reg, login.orElse(null));
            reg.finish();
            if (login.isPresent()) {
                callers.addAll(own);
                if (expectPrivate) {
                    privateEndpoint.add(login.get());
                }
            }
        }
        return new Registries(List.copyOf(seen), callers, privateEndpoint);
    }

    private static void loginServer(Node ws, Node.Item item, Set<String> seen) {
        loginServer(ws, item.path(), item.value(), seen);
    }

    private static Optional<String> loginServer(Node node, String path, String value, Set<String> seen) {
        String login = value.toLowerCase(Locale.ROOT);
        Node.Item at = new Node.Item(path, value);
        if (!DNS_NAME.matcher(login).matches()) {
            node.error(at, "expected " + LOGIN_SERVER_EXPECTATION + ", found " + Render.quote(value));
            return Optional.empty();
        }
        if (!seen.add(login)) {
            node.error(at, "duplicate registry " + Render.quote(login));
            return Optional.empty();
        }
        return Optional.of(login);
    }

    private static List<ExpectedCaller> callers(Node reg, String registry) {
        List<ExpectedCaller> out = new ArrayList<>();
        Map<String, String> firstPathByName = new HashMap<>();
        for (Node caller : reg.mapList("expected_callers", false)) {
            String name = caller.has("name")
                    ? caller.matching("name", CALLER_NAME, "a name of lower-case letters, digits, _ and - (at most 63)")
                            .orElse(null)
                    : null;
            if (!caller.has("name")) {
                caller.error("name", "required");
            }
            if (name != null) {
                String first = firstPathByName.putIfAbsent(name, caller.path());
                if (first != null) {
                    caller.error("name", "duplicate caller name " + Render.quote(name) + " (first used in " + first + ")");
                }
            }
            Optional<List<String>> cidrs = cidrs(caller);
            Optional<List<String>> identities = identities(caller);
            if (!caller.has("cidrs") && !caller.has("identities")) {
                caller.error("", "needs cidrs or identities (or both) to recognise the caller's requests");
            }
            Duration maxSilence = caller.duration("max_silence", DEFAULT_MAX_SILENCE, MIN_MAX_SILENCE, null);
            caller.finish();
            if (registry != null && name != null) {
                out.add(new ExpectedCaller(registry, name, cidrs.orElse(List.of()), identities.orElse(List.of()),
                        maxSilence));
            }
        }
        return out;
    }

    private static Optional<List<String>> cidrs(Node caller) {
        Optional<List<Node.Item>> items = nonEmptyList(caller, "cidrs");
        if (items.isEmpty()) {
            return Optional.empty();
        }
        Set<String> seen = new LinkedHashSet<>();
        for (Node.Item item : items.get()) {
            Optional<String> cidr = Cidrs.normalise(item.value());
            if (Cidrs.looksLikeIpv6(item.value())) {
                caller.error(item, "only IPv4 ranges are supported for now, found " + Render.quote(item.value()));
            } else if (cidr.isEmpty()) {
                caller.error(item, "expected an IPv4 range like 10.240.1.0/24 (prefix 0 to 32), found "
                        + Render.quote(item.value()));
            } else if (!seen.add(cidr.get())) {
                caller.error(item, "duplicate range " + Render.quote(cidr.get()));
            }
        }
        return Optional.of(List.copyOf(seen));
    }

    private static Optional<List<String>> identities(Node caller) {
        Optional<List<Node.Item>> items = nonEmptyList(caller, "identities");
        if (items.isEmpty()) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Node.Item item : items.get()) {
            String id = item.value();
            int bad = invisibleAt(id);
            if (id.isEmpty()) {
                caller.error(item, "must not be empty");
            } else if (bad >= 0) {
                caller.error(item, String.format(Locale.ROOT,
                        "expected an identity without control or invisible characters, found U+%04X at index %d",
                        (int) id.charAt(bad), bad));
            } else if (!seen.add(id.toLowerCase(Locale.ROOT))) {
                caller.error(item, "duplicate identity " + Render.quote(id) + " (identities compare case-insensitively)");
            } else {
                out.add(id);
            }
        }
        return Optional.of(out);
    }

    private static Optional<List<Node.Item>> nonEmptyList(Node caller, String key) {
        Optional<List<Node.Item>> items = caller.stringList(key);
        if (items.isPresent() && items.get().isEmpty()) {
            caller.error(key, "must not be empty (leave the key out instead)");
            return Optional.empty();
        }
        return items;
    }

    // Such characters cannot be written into a KQL string literal, and make a pasted query lie.
    private static int invisibleAt(String s) {
        for (int i = 0; i < s.length(); i++) {
            int type = Character.getType(s.charAt(i));
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                if (type == Character.SURROGATE && Character.isSurrogatePair(s.charAt(i),
                        i + 1 < s.length() ? s.charAt(i + 1) : 0)) {
                    i++;
                    continue;
                }
                return i;
            }
        }
        return -1;
    }
}
