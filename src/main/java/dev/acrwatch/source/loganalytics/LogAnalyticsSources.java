package dev.acrwatch.source.loganalytics;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import dev.acrwatch.config.PollConfig;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.source.CallerSightings;
import dev.acrwatch.source.EventSource;
import dev.acrwatch.source.QueryListener;
import dev.acrwatch.source.RetryingEventSource;
import dev.acrwatch.source.SplittingEventSource;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import javax.net.ssl.SSLContext;
import reactor.core.publisher.Mono;

/** Production wiring of a workspace's source: retry ∘ split ∘ Log Analytics adapter. */
public final class LogAnalyticsSources {

    /** How much longer than the server-side timeout the client waits for a response. */
    static final Duration RESPONSE_SLACK = Duration.ofSeconds(10);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Split no further than this; below it a too-large or partial result fails the poll. */
    static final Duration MIN_SPLIT = Duration.ofSeconds(1);
    /** Longest wait between attempts; a longer Retry-After fails the poll, which the next one repeats. */
    static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(2);

    private LogAnalyticsSources() {}

    /** The decorated source the poll jobs use. Builds the credential but contacts nothing yet. */
    public static EventSource create(WorkspaceConfig workspace, PollConfig poll, QueryListener listener) {
        QueryApiClient client = client(workspace, poll, CredentialFactory.create(workspace.auth()), null, RESPONSE_SLACK,
                Clock.systemUTC());
        EventSource adapter = new LogAnalyticsEventSource(workspace, poll, client, listener);
        return decorate(adapter, poll, RetryingEventSource.Sleeper.REAL, Math::random);
    }

    /**
     * The learning query's adapter for a workspace with {@code learn_callers}; same client setup as the
     * poll source. Builds the credential but contacts nothing yet.
     */
    public static CallerSightings callerSightings(WorkspaceConfig workspace, PollConfig poll) {
        QueryApiClient client = client(workspace, poll, CredentialFactory.create(workspace.auth()), null, RESPONSE_SLACK,
                Clock.systemUTC());
        return new LogAnalyticsCallerSightings(workspace, poll, client);
    }

    static EventSource decorate(EventSource adapter, PollConfig poll, RetryingEventSource.Sleeper sleeper,
            DoubleSupplier jitter) {
        EventSource split = new SplittingEventSource(adapter, poll.splitRows(), MIN_SPLIT);
        return new RetryingEventSource(split, poll.maxAttempts(), poll.retryBaseDelay(), MAX_RETRY_DELAY,
                sleeper, jitter);
    }

    /**
     * @param sslContext    null for the JDK default trust store; tests pass one trusting their own certificate
     * @param responseSlack added to the server timeout to give the client-side response timeout
     * @param clock         reads an HTTP-date Retry-After against it
     */
    static QueryApiClient client(WorkspaceConfig workspace, PollConfig poll, Optional<TokenCredential> credential,
            SSLContext sslContext, Duration responseSlack, Clock clock) {
        java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder();
        if (sslContext != null) {
            jdk.sslContext(sslContext);
        }
        Duration responseTimeout = poll.serverTimeout().plus(responseSlack);
        HttpClient http = new JdkHttpClientBuilder(jdk)
                .connectionTimeout(CONNECT_TIMEOUT)
                .responseTimeout(responseTimeout)
                .build();
        String endpoint = workspace.endpointOrDefault();
        // No retry policy: retries are ours (RetryingEventSource), so they are counted, logged and honour Retry-After.
        List<HttpPipelinePolicy> policies = new ArrayList<>();
        policies.add(new RequestIdPolicy()); // x-ms-client-request-id: what Azure support asks for
        policies.add(new ResponseTimeoutPolicy(responseTimeout));
        // The token's audience is the API host, as the SDK does it (sovereign clouds have their own).
        credential.ifPresent(c -> policies.add(
                new BearerTokenAuthenticationPolicy(c, "https://" + URI.create(endpoint).getHost() + "/.default")));
        HttpPipeline pipeline = new HttpPipelineBuilder().httpClient(http)
                .policies(policies.toArray(HttpPipelinePolicy[]::new)).build();
        return new QueryApiClient(pipeline, endpoint, clock);
    }

    /** How long the client waits for the response to start: the server timeout plus the slack. */
    private static final class ResponseTimeoutPolicy implements HttpPipelinePolicy {
        private final Duration timeout;

        ResponseTimeoutPolicy(Duration timeout) {
            this.timeout = timeout;
        }

        @Override
        public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
            context.setData("azure-response-timeout", timeout);
            return next.process();
        }

        @Override
        public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
            context.setData("azure-response-timeout", timeout);
            return next.processSync();
        }
    }
}
