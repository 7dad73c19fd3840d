package dev.acrwatch.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Parses the top-level {@code workspaces} list. */
final class WorkspacesSection {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private WorkspacesSection() {}

    /**
     * The workspaces, and every registry listed in any of them (even in a workspace with errors)
     * mapped to whether some entry expects a private endpoint: the probe targets.
     */
    record Parsed(List<WorkspaceConfig> workspaces, Map<String, Boolean> listedRegistries) {}

    static Parsed parse(Node root) {
        List<WorkspaceConfig> out = new ArrayList<>();
        Map<String, Boolean> listed = new LinkedHashMap<>();
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
            RegistriesSection.Registries registries = RegistriesSection.parse(ws);
            for (String login : registries.loginServers()) {
                listed.merge(login, registries.privateEndpointRegistries().contains(login), Boolean::logicalOr);
            }
            LearnCallersConfig learn = LearnCallersSection.parse(ws);
            ws.finish();
            if (name != null && id != null) {
                out.add(new WorkspaceConfig(name, id, endpoint, auth, registries.loginServers(),
                        registries.expectedCallers(), registries.privateEndpointRegistries(), learn));
            }
        }
        return new Parsed(out, listed);
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
}
