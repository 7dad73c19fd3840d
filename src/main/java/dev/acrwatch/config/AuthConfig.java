package dev.acrwatch.config;

import java.util.Optional;

/** How the daemon authenticates to Log Analytics. */
public sealed interface AuthConfig {

    /** Config value of {@code auth.type}. */
    String type();

    /** DefaultAzureCredential: env, workload identity, managed identity, Azure CLI… in turn. */
    record DefaultChain() implements AuthConfig {
        public String type() { return "default"; }
    }

    /** Managed identity; a client id picks a user-assigned one. */
    record ManagedIdentity(Optional<String> clientId) implements AuthConfig {
        public String type() { return "managed_identity"; }
    }

    /** A service principal with a client secret. */
    record ClientSecret(String tenantId, String clientId, Secret secret) implements AuthConfig {
        public String type() { return "client_secret"; }
    }

    /** AKS workload identity (federated token file from the environment unless given). */
    record WorkloadIdentity(Optional<String> tenantId, Optional<String> clientId) implements AuthConfig {
        public String type() { return "workload_identity"; }
    }

    /** No token at all: only for emulators and the demo's simulated workspace. */
    record None() implements AuthConfig {
        public String type() { return "none"; }
    }
}
