package dev.acrwatch.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Parses {@code workspaces[i].auth}; type-specific keys on the wrong type are errors. */
final class AuthSection {

    static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern TENANT = Pattern.compile(
            GUID.pattern() + "|[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

    private static final List<String> TYPES =
            List.of("default", "managed_identity", "client_secret", "workload_identity", "none");

    /** Which types accept each type-specific key, in the order they are listed in messages. */
    private static final Map<String, List<String>> ALLOWED_TYPES = Map.of(
            "client_id", List.of("managed_identity", "client_secret", "workload_identity"),
            "tenant_id", List.of("client_secret", "workload_identity"),
            "client_secret", List.of("client_secret"),
            "client_secret_file", List.of("client_secret"));
    private static final List<String> KEY_ORDER = List.of("client_id", "tenant_id", "client_secret", "client_secret_file");

    private AuthSection() {}

    static AuthConfig parse(Node auth) {
        String type = auth.oneOf("type", "default", TYPES);
        auth.known(KEY_ORDER.toArray(String[]::new));
        boolean wrongKeys = false;
        for (String key : KEY_ORDER) {
            List<String> allowed = ALLOWED_TYPES.get(key);
            if (auth.has(key) && !allowed.contains(type)) {
                auth.error(key, "not allowed with type " + type + " (only with "
                        + allowed.stream().collect(Collectors.joining(", ")) + ")");
                wrongKeys = true;
            }
        }
        if (wrongKeys) {
            auth.finish();
            return fallback(type);
        }
        AuthConfig result = switch (type) {
            case "managed_identity" -> new AuthConfig.ManagedIdentity(guid(auth, "client_id"));
            case "workload_identity" -> new AuthConfig.WorkloadIdentity(tenant(auth), guid(auth, "client_id"));
            case "client_secret" -> clientSecret(auth);
            case "none" -> new AuthConfig.None();
            default -> new AuthConfig.DefaultChain();
        };
        auth.finish();
        return result;
    }

    private static AuthConfig clientSecret(Node auth) {
        Optional<String> tenant = requiredKey(auth, "tenant_id") ? tenant(auth) : Optional.empty();
        Optional<String> client = requiredKey(auth, "client_id") ? guid(auth, "client_id") : Optional.empty();
        Optional<Secret> secret = auth.secret("client_secret", true);
        if (tenant.isEmpty() || client.isEmpty() || secret.isEmpty()) {
            return new AuthConfig.DefaultChain();
        }
        return new AuthConfig.ClientSecret(tenant.get(), client.get(), secret.get());
    }

    private static boolean requiredKey(Node auth, String key) {
        if (!auth.has(key)) {
            auth.error(key, "required");
            return false;
        }
        return true;
    }

    private static Optional<String> guid(Node auth, String key) {
        return auth.matching(key, GUID, "a GUID").map(String::toLowerCase);
    }

    private static Optional<String> tenant(Node auth) {
        return auth.matching("tenant_id", TENANT, "a GUID or a domain like contoso.onmicrosoft.com");
    }

    /** A stand-in after a reported problem; the config is rejected anyway. */
    private static AuthConfig fallback(String type) {
        return type.equals("none") ? new AuthConfig.None() : new AuthConfig.DefaultChain();
    }
}
