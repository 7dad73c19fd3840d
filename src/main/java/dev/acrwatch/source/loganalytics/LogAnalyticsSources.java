package dev.acrwatch.source.loganalytics;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.monitor.query.LogsQueryClient;
import com.azure.monitor.query.LogsQueryClientBuilder;
import dev.acrwatch.config.PollConfig;
import dev.acrwatch.config.WorkspaceConfig;
import dev.acrwatch.source.CallerSightings;
import dev.acrwatch.source.EventSource;
import dev.acrwatch.source.QueryListener;
import dev.acrwatch.source.RetryingEventSource;
import dev.acrwatch.source.SplittingEventSource;
import java.time.Clock;
import java.time.Duration;
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
        LogsQueryClient client = client(workspace, poll, CredentialFactory.create(workspace.auth()), null, RESPONSE_SLACK);
        EventSource adapter = new LogAnalyticsEventSource(workspace, poll, client, listener, Clock.systemUTC());
        return decorate(adapter, poll, RetryingEventSource.Sleeper.REAL, Math::random);
    }

    /**
     * The learning query's adapter for a workspace with {@code learn_callers}; same client setup as the
     * poll source. Builds the credential but contacts nothing yet.
     */
    public static CallerSightings callerSightings(WorkspaceConfig workspace, PollConfig poll) {
        LogsQueryClient client = client(workspace, poll, CredentialFactory.create(workspace.auth()), null, RESPONSE_SLACK);
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
     */
    static LogsQueryClient client(WorkspaceConfig workspace, PollConfig poll, Optional<TokenCredential> credential,
            SSLContext sslContext, Duration responseSlack) {
        java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder();
        if (sslContext != null) {
            jdk.sslContext(sslContext);
        }
        Duration responseTimeout = poll.serverTimeout().plus(responseSlack);
        HttpClient http = new JdkHttpClientBuilder(jdk)
                .connectionTimeout(CONNECT_TIMEOUT)
                .responseTimeout(responseTimeout)
                .build();
        LogsQueryClientBuilder builder = new LogsQueryClientBuilder()
                .endpoint(workspace.endpointOrDefault())
                .httpClient(http)
                // Retries are ours (RetryingEventSource), so they are counted, logged and honour Retry-After.
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ZERO)))
                .addPolicy(new ResponseTimeoutPolicy(responseTimeout));
        credential.ifPresent(builder::credential);
        return builder.buildClient();
    }

    /** The SDK sets serverTimeout + 5 s per request; this replaces it so the slack is one setting. */
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
