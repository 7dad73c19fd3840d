package dev.acrwatch.metrics;

import dev.acrwatch.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acrwatch.config.ConfigException;
import dev.acrwatch.config.MetricsConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with keys made by openssl at test time, as an operator would make them. */
class TlsTest {

    private static final String SAN = "subjectAltName=DNS:localhost,IP:127.0.0.1";

    @TempDir
    Path dir;

    private MetricsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void scrapesOverHttpsWithAnRsaPkcs8Key() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem",
                "-days", "1", "-subj", "/CN=localhost", "-addext", SAN);
        assertHttpsScrapeWorks();
    }

    @Test
    void scrapesOverHttpsWithAnEcPkcs8Key() throws Exception {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "key.pem", "-out", "cert.pem", "-days", "1", "-subj", "/CN=localhost", "-addext", SAN);
        assertHttpsScrapeWorks();
    }

    @Test
    void aSec1EcKeyIsRejectedNamingTheFileAndHowToConvertIt() throws Exception {
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "sec1.pem");
        Path key = dir.resolve("sec1.pem");
        assertThat(Files.readString(key)).contains("BEGIN EC PRIVATE KEY");

        assertThatThrownBy(() -> PemKeyMaterial.readPrivateKey(key))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("key_file " + key + ": is a \"EC PRIVATE KEY\" (PKCS#1/SEC1) key")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt -in " + key);
    }

    @Test
    void aPkcs1RsaKeyIsRejectedWithTheConversionCommand() throws Exception {
        openssl("genrsa", "-traditional", "-out", "rsa1.pem", "2048");
        Path key = dir.resolve("rsa1.pem");
        assertThatThrownBy(() -> PemKeyMaterial.readPrivateKey(key))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("\"RSA PRIVATE KEY\"")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void aFileThatIsNotPemIsRejectedNamingIt() throws Exception {
        Path notPem = Files.write(dir.resolve("cert.der"), new byte[] {0x30, (byte) 0x82, 0x01, 0x0a, (byte) 0xff});
        assertThatThrownBy(() -> PemKeyMaterial.readCertificates(notPem))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cert_file " + notPem + ": not a PEM file");
    }

    @Test
    void aKeyThatDoesNotBelongToTheCertificateIsRejectedAtStart() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem",
                "-days", "1", "-subj", "/CN=localhost");
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "other.pem");
        assertThatThrownBy(() -> PemKeyMaterial.sslContext(dir.resolve("cert.pem"), dir.resolve("other.pem")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("does not match the first certificate in cert_file");
    }

    private void assertHttpsScrapeWorks() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        assertThat(Files.readString(key)).contains("BEGIN PRIVATE KEY");
        MetricsConfig config = new MetricsConfig("127.0.0.1", 0, "/metrics",
                Optional.of(new MetricsConfig.Tls(cert, key)), Optional.empty(), 10, Duration.ofHours(1));
        server = MetricsServer.start(config, format -> "# HELP b_total b\n# TYPE b_total counter\nb_total 2.0\n",
                List::of, new MutableClock(Instant.parse("2026-11-23T10:00:00Z")));

        HttpClient client = HttpClient.newBuilder().sslContext(trusting(cert)).connectTimeout(Duration.ofSeconds(5))
                .build();
        Scraper s = new Scraper(client, "https://localhost:" + server.port());
        HttpResponse<String> r = s.get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("b_total 2.0");
        assertThat(r.sslSession()).isPresent();
    }

    private static SSLContext trusting(Path cert) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        X509Certificate c = PemKeyMaterial.readCertificates(cert).get(0);
        ts.setCertificateEntry("server", c);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("openssl " + String.join(" ", args) + " failed: " + out);
        }
    }
}
