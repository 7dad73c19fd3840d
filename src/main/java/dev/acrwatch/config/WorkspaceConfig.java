package dev.acrwatch.config;

import java.util.List;
import java.util.Optional;

/**
 * One Log Analytics workspace to watch.
 *
 * @param name       short name used in metric labels and job names ([a-z0-9_-])
 * @param id         the workspace (customer) id, a GUID
 * @param endpoint   the query API base including {@code /v1}; empty means Azure public cloud
 * @param registries login servers to keep (lower case); empty means every registry in the workspace
 * @param expectedCallers callers whose silence means their requests are dropped (network_drop)
 * @param privateEndpointRegistries registries whose login server must resolve to a private address (probes)
 * @param learnCallers whether and how expected callers are learned from the workspace's traffic
 */
public record WorkspaceConfig(
        String name,
        String id,
        Optional<String> endpoint,
        AuthConfig auth,
        List<String> registries,
        List<ExpectedCaller> expectedCallers,
        List<String> privateEndpointRegistries,
        LearnCallersConfig learnCallers) {

    public static final String PUBLIC_CLOUD_ENDPOINT = "https://api.loganalytics.io/v1";

    public WorkspaceConfig {
        registries = List.copyOf(registries);
        expectedCallers = List.copyOf(expectedCallers);
        privateEndpointRegistries = List.copyOf(privateEndpointRegistries);
    }

    /** A workspace that learns no callers. */
    public WorkspaceConfig(String name, String id, Optional<String> endpoint, AuthConfig auth, List<String> registries,
            List<ExpectedCaller> expectedCallers, List<String> privateEndpointRegistries) {
        this(name, id, endpoint, auth, registries, expectedCallers, privateEndpointRegistries,
                LearnCallersConfig.DISABLED);
    }

    /** A workspace with no expected callers and no private-endpoint expectations. */
    public WorkspaceConfig(String name, String id, Optional<String> endpoint, AuthConfig auth, List<String> registries) {
        this(name, id, endpoint, auth, registries, List.of(), List.of());
    }

    public String endpointOrDefault() {
        return endpoint.orElse(PUBLIC_CLOUD_ENDPOINT);
    }
}
