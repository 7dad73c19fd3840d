package dev.acrwatch.source.loganalytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.identity.CredentialUnavailableException;
import dev.acrwatch.source.QueryFailureReason;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailureMapperTest {

    static final Instant NOW = Instant.parse("2026-11-23T21:05:00Z");

    @Test
    void retryAfterInSecondsOrAsAnHttpDate() {
        assertThat(FailureMapper.parseRetryAfter("30", NOW)).contains(Duration.ofSeconds(30));
        assertThat(FailureMapper.parseRetryAfter(" 0 ", NOW)).contains(Duration.ZERO);
        assertThat(FailureMapper.parseRetryAfter("Mon, 23 Nov 2026 21:06:00 GMT", NOW)).contains(Duration.ofSeconds(60));
    }

    @Test
    void retryAfterInThePastMeansNowAndGarbageMeansAbsent() {
        assertThat(FailureMapper.parseRetryAfter("Mon, 23 Nov 2026 20:00:00 GMT", NOW)).contains(Duration.ZERO);
        assertThat(FailureMapper.parseRetryAfter("soon", NOW)).isEmpty();
        assertThat(FailureMapper.parseRetryAfter("-5", NOW)).isEmpty();
        assertThat(FailureMapper.parseRetryAfter(null, NOW)).isEmpty();
    }

    @Test
    void unavailableCredentialIsAnAuthFailure() {
        var e = FailureMapper.map(new CredentialUnavailableException("ManagedIdentityCredential authentication unavailable."),
                "workspace prod", NOW);
        assertThat(e.reason()).isEqualTo(QueryFailureReason.AUTH);
        assertThat(e.getMessage()).startsWith("workspace prod: could not get a token: ")
                .contains("ManagedIdentityCredential authentication unavailable");
    }

    @Test
    void connectAndDnsFailuresAreNetworkFailures() {
        assertThat(FailureMapper.map(new UncheckedIOException(new ConnectException("Connection refused")), "w", NOW)
                .reason()).isEqualTo(QueryFailureReason.NETWORK);
        assertThat(FailureMapper.map(new RuntimeException(new UnknownHostException("ws.invalid")), "w", NOW)
                .reason()).isEqualTo(QueryFailureReason.NETWORK);
    }

    @Test
    void unknownFailureIsAClientFailureNamingTheException() {
        var e = FailureMapper.map(new IllegalStateException("odd"), "workspace prod", NOW);
        assertThat(e.reason()).isEqualTo(QueryFailureReason.CLIENT);
        assertThat(e.getMessage()).isEqualTo("workspace prod: query failed: IllegalStateException: odd");
    }
}
