package dev.acrwatch.source.loganalytics;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import dev.acrwatch.config.AuthConfig;
import java.util.Optional;

/** Builds the Azure credential an {@link AuthConfig} asks for; building never contacts a login host. */
final class CredentialFactory {

    private CredentialFactory() {}

    /** Empty for {@code auth.type: none}: the SDK then sends no token. */
    static Optional<TokenCredential> create(AuthConfig auth) {
        if (auth instanceof AuthConfig.DefaultChain) {
            return Optional.of(new DefaultAzureCredentialBuilder().build());
        }
        if (auth instanceof AuthConfig.ManagedIdentity mi) {
            ManagedIdentityCredentialBuilder b = new ManagedIdentityCredentialBuilder();
            mi.clientId().ifPresent(b::clientId);
            return Optional.of(b.build());
        }
        if (auth instanceof AuthConfig.ClientSecret cs) {
            return Optional.of(new ClientSecretCredentialBuilder()
                    .tenantId(cs.tenantId())
                    .clientId(cs.clientId())
                    .clientSecret(cs.secret().reveal())
                    .build());
        }
        if (auth instanceof AuthConfig.WorkloadIdentity wi) {
            WorkloadIdentityCredentialBuilder b = new WorkloadIdentityCredentialBuilder();
            wi.tenantId().ifPresent(b::tenantId);
            wi.clientId().ifPresent(b::clientId);
            return Optional.of(b.build());
        }
        if (auth instanceof AuthConfig.None) {
            return Optional.empty();
        }
        throw new IllegalArgumentException("unsupported auth type " + auth.type());
    }
}
