package dev.acrwatch.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every stage against servers on 127.0.0.1, and DNS through a stub resolver. */
class ProberTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Resolver LOCALHOST = Stubs.resolver(Map.of("localhost", List.of("127.0.0.1")));
    private static TestCertificates certs;

    private final ExecutorService dns = Executors.newCachedThreadPool();
    private final Stubs.CountingSockets sockets = new Stubs.CountingSockets();

    @BeforeAll
    static void certificates() throws Exception {
        certs = TestCertificates.get();
    }

    @AfterEach
    void stopResolverThreads() {
        dns.shutdownNow();
    }

    private Prober prober(Resolver resolver, ProbeConfig.Timeouts timeouts) {
        return new Prober(resolver, sockets, certs.client.getSocketFactory(), timeouts,
                Clock.fixed(NOW, ZoneOffset.UTC), dns);
    }

    private Prober prober(Resolver resolver) {
        return prober(resolver, ProbeConfig.Timeouts.defaults());
    }

    private static ProbeConfig.Timeouts timeouts(long dnsMs, long tlsMs, long httpMs, long overallMs) {
        return new ProbeConfig.Timeouts(Duration.ofMillis(dnsMs), Duration.ofSeconds(5), Duration.ofMillis(tlsMs),
                Duration.ofMillis(httpMs), Duration.ofMillis(overallMs));
    }

    private ProbeResult probeRegistry(javax.net.ssl.SSLContext serverTls, String response) throws Exception {
        try (LoopbackServers.Registry registry = new LoopbackServers.Registry(serverTls, response)) {
            return prober(LOCALHOST).probe(new ProbeTarget("localhost", registry.port(), false));
        }
    }

    @Test
    void healthyRegistryAnsweringBearerChallengeSucceedsWithEveryStageTimed() throws Exception {
        try (LoopbackServers.Registry registry =
                new LoopbackServers.Registry(certs.trusted, LoopbackServers.BEARER_CHALLENGE)) {
            ProbeTarget target = new ProbeTarget("localhost", registry.port(), true);

            ProbeResult result = prober(LOCALHOST).probe(target);

            assertThat(result.success()).as(result.message()).isTrue();
            assertThat(result.reason()).isEmpty();
            assertThat(result.at()).isEqualTo(NOW);
            assertThat(result.durations()).containsOnlyKeys(ProbeStage.values());
            assertThat(result.durations().values()).allSatisfy(d -> assertThat(d).isPositive());
            assertThat(registry.requests).singleElement().satisfies(lines -> {
                assertThat(lines.get(0)).isEqualTo("GET /v2/ HTTP/1.1");
                assertThat(lines).contains("Host: localhost:" + registry.port());
            });
        }
    }

    @Test
    void closedPortIsTcpRefused() throws Exception {
        int port = LoopbackServers.closedPort();

        ProbeResult result = prober(LOCALHOST).probe(new ProbeTarget("localhost", port, false));

        assertThat(result.reason()).contains(ProbeFailureReason.TCP_REFUSED);
        assertThat(result.message()).contains("127.0.0.1 port " + port);
        assertThat(result.durations()).containsOnlyKeys(ProbeStage.DNS, ProbeStage.TCP);
    }

    @Test
    void listenerWithFullAcceptQueueIsTcpTimeout() throws Exception {
        // Linux drops SYNs to a listener whose accept queue is full, so the connect times out on loopback.
        try (ServerSocket full = new ServerSocket(0, 1, LoopbackServers.loopback())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket s = new Socket();
                    try {
                        s.connect(full.getLocalSocketAddress(), 300);
                        fillers.add(s);
                    } catch (SocketTimeoutException e) {
                        s.close();
                        break;
                    }
                }
                ProbeConfig.Timeouts t = new ProbeConfig.Timeouts(Duration.ofSeconds(1), Duration.ofMillis(300),
                        Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(10));

                ProbeResult result = prober(LOCALHOST, t).probe(new ProbeTarget("localhost", full.getLocalPort(), false));

                assertThat(result.reason()).contains(ProbeFailureReason.TCP_TIMEOUT);
                assertThat(result.message()).contains("timed out after 300 ms");
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void serverThatNeverAnswersTheHandshakeIsTlsErrorAfterTheTlsTimeout() throws Exception {
        try (LoopbackServers.BlackHole hole = new LoopbackServers.BlackHole()) {
            long start = System.nanoTime();

            ProbeResult result = prober(LOCALHOST, timeouts(1000, 300, 1000, 10_000))
                    .probe(new ProbeTarget("localhost", hole.port(), false));

            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(result.reason()).contains(ProbeFailureReason.TLS_ERROR);
            assertThat(result.message()).contains("timed out after 300 ms");
            assertThat(result.durations().get(ProbeStage.TLS)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(took).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void overallTimeoutCutsAStageShorterThanItsOwnLimit() throws Exception {
        try (LoopbackServers.BlackHole hole = new LoopbackServers.BlackHole()) {
            long start = System.nanoTime();

            ProbeResult result = prober(LOCALHOST, timeouts(1000, 5000, 5000, 400))
                    .probe(new ProbeTarget("localhost", hole.port(), false));

            assertThat(result.reason()).contains(ProbeFailureReason.TLS_ERROR);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void certificateOutsideTheTrustStoreIsTlsErrorSayingNotTrusted() throws Exception {
        ProbeResult result = probeRegistry(certs.untrusted, LoopbackServers.BEARER_CHALLENGE);

        assertThat(result.reason()).contains(ProbeFailureReason.TLS_ERROR);
        assertThat(result.message()).contains("certificate not trusted");
        assertThat(result.durations()).doesNotContainKey(ProbeStage.HTTP);
    }

    @Test
    void trustedCertificateForAnotherNameIsTlsErrorSayingHostNameMismatch() throws Exception {
        ProbeResult result = probeRegistry(certs.wrongName, LoopbackServers.BEARER_CHALLENGE);

        assertThat(result.reason()).contains(ProbeFailureReason.TLS_ERROR);
        assertThat(result.message()).contains("host name mismatch");
    }

    @Test
    void forbiddenWithFirewallBodyIsHttpFirewallDeniedQuotingTheClientIp() throws Exception {
        String body = "{\"errors\":[{\"code\":\"DENIED\",\"message\":\"client with IP '203.0.113.7' is Not Allowed "
                + "Access. Refer https://aka.ms/acr/firewall to grant access.\"}]}";
        ProbeResult result = probeRegistry(certs.trusted, "HTTP/1.1 403 Forbidden\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body);

        assertThat(result.reason()).contains(ProbeFailureReason.HTTP_FIREWALL_DENIED);
        assertThat(result.message()).contains("203.0.113.7");
    }

    @Test
    void forbiddenWithoutFirewallBodyIsUnexpectedStatus() throws Exception {
        ProbeResult result = probeRegistry(certs.trusted, "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");

        assertThat(result.reason()).contains(ProbeFailureReason.HTTP_UNEXPECTED_STATUS);
        assertThat(result.message()).contains("403");
    }

    @Test
    void okInsteadOfChallengeIsUnexpectedStatus() throws Exception {
        ProbeResult result = probeRegistry(certs.trusted, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");

        assertThat(result.reason()).contains(ProbeFailureReason.HTTP_UNEXPECTED_STATUS);
        assertThat(result.message()).contains("answered status 200");
        assertThat(result.durations()).containsOnlyKeys(ProbeStage.values());
    }

    @Test
    void unauthorizedWithoutBearerChallengeIsUnexpectedStatus() throws Exception {
        ProbeResult result = probeRegistry(certs.trusted,
                "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"proxy\"\r\nContent-Length: 0\r\n\r\n");

        assertThat(result.reason()).contains(ProbeFailureReason.HTTP_UNEXPECTED_STATUS);
        assertThat(result.message()).contains("401 without a Bearer challenge");
    }

    @Test
    void serverErrorIsUnexpectedStatus() throws Exception {
        ProbeResult result = probeRegistry(certs.trusted, "HTTP/1.1 500 Internal Server Error\r\n\r\n");

        assertThat(result.reason()).contains(ProbeFailureReason.HTTP_UNEXPECTED_STATUS);
        assertThat(result.message()).contains("500");
    }

    @Test
    void garbageInsteadOfHttpIsHttpErrorWithoutEchoingControlCharacters() throws Exception {
        ProbeResult result = probeRegistry(certs.trusted, "SSH-2.0-OpenSSH\u001b[31m\r\n");

        assertThat(result.reason()).contains(ProbeFailureReason.HTTP_ERROR);
        assertThat(result.message()).contains("not an HTTP/1.x status line").doesNotContain("\u001b");
    }

    @Test
    void nxdomainFromStubResolverIsDnsNxdomainWithoutAnyConnection() {
        ProbeResult result = prober(LOCALHOST).probe(ProbeTarget.of("acr-watch-test.invalid", false));

        assertThat(result.reason()).contains(ProbeFailureReason.DNS_NXDOMAIN);
        assertThat(result.message()).contains("acr-watch-test.invalid does not resolve");
        assertThat(result.durations()).containsOnlyKeys(ProbeStage.DNS);
        assertThat(sockets.created).hasValue(0);
    }

    @Test
    void invalidNameThroughTheSystemResolverIsDnsNxdomain() {
        ProbeResult result = prober(Resolver.system(), timeouts(10_000, 1000, 1000, 15_000))
                .probe(ProbeTarget.of("acr-watch-test.invalid", false));

        assertThat(result.reason()).contains(ProbeFailureReason.DNS_NXDOMAIN);
        assertThat(sockets.created).hasValue(0);
    }

    @Test
    void publicAnswerWhenPrivateEndpointExpectedIsDnsPublicAddressAndNeverConnects() {
        Resolver publicAnswer = Stubs.resolver(Map.of("myregistry.azurecr.io", List.of("20.1.2.3")));

        ProbeResult result = prober(publicAnswer).probe(ProbeTarget.of("myregistry.azurecr.io", true));

        assertThat(result.reason()).contains(ProbeFailureReason.DNS_PUBLIC_ADDRESS);
        assertThat(result.message()).contains("20.1.2.3").contains("privatelink.azurecr.io");
        assertThat(result.durations()).containsOnlyKeys(ProbeStage.DNS);
        assertThat(sockets.created).as("sockets created").hasValue(0);
    }

    @Test
    void oneDoubtfulAddressAmongPrivateOnesIsEnoughForDnsPublicAddress() {
        Resolver mixed = Stubs.resolver(Map.of("myregistry.azurecr.io", List.of("10.1.2.3", "20.1.2.3")));

        ProbeResult result = prober(mixed).probe(ProbeTarget.of("myregistry.azurecr.io", true));

        assertThat(result.reason()).contains(ProbeFailureReason.DNS_PUBLIC_ADDRESS);
        assertThat(result.message()).contains("20.1.2.3").doesNotContain("10.1.2.3");
        assertThat(sockets.created).hasValue(0);
    }

    @Test
    void resolverThatHangsIsDnsTimeoutWithinTheDnsLimit() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        Resolver hanging = host -> {
            try {
                never.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new UnknownHostException(host);
        };
        long start = System.nanoTime();

        ProbeResult result = prober(hanging, timeouts(200, 1000, 1000, 15_000))
                .probe(ProbeTarget.of("myregistry.azurecr.io", false));

        assertThat(result.reason()).contains(ProbeFailureReason.DNS_TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(sockets.created).hasValue(0);
    }
}
