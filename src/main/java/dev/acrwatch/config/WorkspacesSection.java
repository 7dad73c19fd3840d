package dev.acrwatch.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Parses the top-level {@code workspaces} list. */
final class WorkspacesSection {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Pattern DNS_NAME = Pattern.compile(
            "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");

    private WorkspacesSection() {}

    static List<WorkspaceConfig> parse(Node root) {
        List<WorkspaceConfig> out = new ArrayList<>();
        Map<String, String> firstPathByName = new HashMap<>();
        for (Node ws : root.mapList("workspaces", true)) {
            String name = ws.has("name")
                    ? ws.matching("name", NAME, "a name of lower-case letters, digits, _ and - (at most 63)").orElse(null)
                    : missing(ws, "name");
            if (name != null) {
                String first = firstPathByName.putIfAbsent(name, ws.path());
                if (first != null) {
                    ws.error("name", "duplicate workspace name " + Render.quote(name) + " (first used in " + first + ")");
                }
            }
            String id = ws.has("id")
                    ? ws.matching("id", AuthSection.GUID, "a GUID").map(s -> s.toLowerCase(Locale.ROOT)).orElse(null)
                    : missing(ws, "id");
            Optional<String> endpoint = ws.string("endpoint");
            Node authNode = ws.child("auth");
            AuthConfig auth = AuthSection.parse(authNode);
            endpoint = endpoint.flatMap(e -> checkEndpoint(ws, e, auth));
            if (auth instanceof AuthConfig.None && !ws.has("endpoint")) {
                authNode.error("type", "none is allowed only with an explicit endpoint (emulators, the demo)");
            }
            List<String> registries = registries(ws);
            ws.finish();
            if (name != null && id != null) {
                out.add(new WorkspaceConfig(name, id, endpoint, auth, registries));
            }
        }
        return out;
    }

    private static String missing(Node ws, String key) {
        ws.error(key, "required");
        return null;
    }

    private static Optional<String> checkEndpoint(Node ws, String text, AuthConfig auth) {
        String expectation = "an http(s) URL ending in /v1 like https://api.loganalytics.io/v1, found ";
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            ws.error("endpoint", "expected " + expectation + Render.quote(text));
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || !path.replaceAll("/+$", "").endsWith("/v1")) {
            ws.error("endpoint", "expected " + expectation + Render.quote(text));
            return Optional.empty();
        }
        if (scheme.equals("http") && !(auth instanceof AuthConfig.None)) {
            ws.error("endpoint", "http is allowed only with auth type none (a token is never sent in clear text), found "
                    + Render.quote(text));
            return Optional.empty();
        }
        return Optional.of(text.replaceAll("/+$", ""));
    }

    private static List<String> registries(Node ws) {
        Optional<List<Node.Item>> items = ws.stringList("registries");
        if (items.isEmpty()) {
            return List.of();
        }
        if (items.get().isEmpty()) {
            ws.error("registries", "must not be empty (leave the key out to watch every registry)");
            return List.of();
        }
        Set<String> seen = new LinkedHashSet<>();
        for (Node.Item item : items.get()) {
            String login = item.value().toLowerCase(Locale.ROOT);
            if (!DNS_NAME.matcher(login).matches()) {
                ws.error(item, "expected a login server like myregistry.azurecr.io, found " + Render.quote(item.value()));
            } else if (!seen.add(login)) {
                ws.error(item, "duplicate registry " + Render.quote(login));
            }
        }
        return List.copyOf(seen);
    }
}
