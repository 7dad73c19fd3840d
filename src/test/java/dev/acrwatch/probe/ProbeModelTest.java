package dev.acrwatch.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acrwatch.config.Secret;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Address ranges, response parsing limits and config validation. */
class ProbeModelTest {

    @ParameterizedTest
    @CsvSource({
        "10.0.0.1, true", "10.255.255.255, true", "172.16.0.1, true", "172.31.255.255, true",
        "172.15.255.255, false", "172.32.0.0, false", "192.168.1.1, true", "192.169.0.1, false",
        "20.1.2.3, false", "127.0.0.1, true", "fd12:3456::1, true", "fc00::1, true", "fe80::1, false",
        "2001:db8::1, false", "::1, true"
    })
    void privateAddressesAreRfc1918UlaAndLoopback(String literal, boolean expected) {
        assertThat(PrivateAddresses.isPrivate(Stubs.address("x", literal))).isEqualTo(expected);
    }

    @Test
    void bodyIsReadAtMostFourKibibytes() throws Exception {
        String raw = "HTTP/1.1 403 Forbidden\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(100_000);

        HttpResponseReader.Response r = HttpResponseReader.read(
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)));

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body()).hasSize(HttpResponseReader.MAX_BODY);
    }

    @Test
    void endlessHeaderLineIsRejectedInsteadOfBuffered() {
        String raw = "HTTP/1.1 200 OK\r\nX-Long: " + "y".repeat(20_000) + "\r\n\r\n";

        assertThatThrownBy(() -> HttpResponseReader.read(
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(HttpResponseReader.MalformedResponseException.class)
                .hasMessageContaining("longer than 8192 bytes");
    }

    @Test
    void headerNamesMatchWhateverTheirCase() throws Exception {
        String raw = "HTTP/1.1 401 Unauthorized\nwww-authenticate: Bearer realm=\"r\"\n\n";

        HttpResponseReader.Response r = HttpResponseReader.read(
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)));

        assertThat(r.header("WWW-Authenticate")).containsExactly("Bearer realm=\"r\"");
    }

    @Test
    void stageTimeoutErrorNamesTheKeyAndTheValue() {
        Duration five = Duration.ofSeconds(5);
        assertThatThrownBy(() -> new ProbeConfig.Timeouts(five, Duration.ZERO, five, five, five))
                .hasMessage("probes.timeouts.connect: expected a positive duration, found PT0S");
    }

    @Test
    void trustStorePasswordNeverAppearsInToString() {
        ProbeConfig.TrustStore ts = new ProbeConfig.TrustStore(Path.of("trust.p12"), "PKCS12",
                Optional.of(Secret.of("hunter2")));

        assertThat(ts.toString()).doesNotContain("hunter2").contains("<redacted>");
    }

    @Test
    void missingTrustStoreFileIsReportedWithItsKeyAndPath() {
        ProbeConfig.TrustStore ts = new ProbeConfig.TrustStore(Path.of("no-such-trust.p12"), "PKCS12",
                Optional.of(Secret.of("hunter2")));

        assertThatThrownBy(() -> TrustStores.sslContext(Optional.of(ts)))
                .hasMessageStartingWith("probes.trust_store: cannot load PKCS12 trust store \"no-such-trust.p12\"")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void defaultsAreOneMinuteAndFiveSecondStagesWithinFifteen() {
        ProbeConfig c = ProbeConfig.defaults(java.util.List.of(ProbeTarget.of("r.azurecr.io", true)));

        assertThat(c.interval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.timeouts()).isEqualTo(new ProbeConfig.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(15)));
        assertThat(c.targets().get(0).name()).isEqualTo("r.azurecr.io");
    }
}
