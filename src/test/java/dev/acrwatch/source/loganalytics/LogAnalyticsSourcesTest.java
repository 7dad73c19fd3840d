package dev.acrwatch.source.loganalytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.identity.ClientSecretCredential;
import com.azure.identity.DefaultAzureCredential;
import com.azure.identity.ManagedIdentityCredential;
import dev.acrwatch.config.AuthConfig;
import dev.acrwatch.config.PollConfig;
import dev.acrwatch.config.Secret;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.source.QueryListener;
import dev.acrwatch.source.RetryingEventSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Building credentials and sources contacts nothing; these tests never ask for a token. */
class LogAnalyticsSourcesTest {

    @Test
    void noneAuthBuildsNoCredential() {
        assertThat(CredentialFactory.create(new AuthConfig.None())).isEmpty();
    }

    @Test
    void eachAuthTypeBuildsItsCredential() {
        assertThat(CredentialFactory.create(new AuthConfig.DefaultChain())).get().isInstanceOf(DefaultAzureCredential.class);
        assertThat(CredentialFactory.create(new AuthConfig.ManagedIdentity(Optional.of("11111111-0000-0000-0000-000000000000"))))
                .get().isInstanceOf(ManagedIdentityCredential.class);
        assertThat(CredentialFactory.create(new AuthConfig.ClientSecret("22222222-0000-0000-0000-000000000000",
                "33333333-0000-0000-0000-000000000000", Secret.of("s3cr3t-value"))))
                .get().isInstanceOf(ClientSecretCredential.class);
    }

    @Test
    void productionSourceIsTheRetryingDecoratorChain() {
        WorkspaceConfig ws = new WorkspaceConfig("prod", "00000000-0000-0000-0000-000000000001",
                Optional.of("https://localhost:1/v1"), new AuthConfig.None(), List.of());
        assertThat(LogAnalyticsSources.create(ws, PollConfig.defaults(), QueryListener.NONE))
                .isInstanceOf(RetryingEventSource.class);
    }
}
