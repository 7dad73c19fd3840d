package dev.acrwatch.metrics;

import dev.acrwatch.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acrwatch.config.ConfigException;
import dev.acrwatch.config.MetricsConfig;
import dev.acrwatch.config.Secret;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mindrot.jbcrypt.BCrypt;

class BasicAuthTest {

    // Cost 4 keeps the test fast; production hashes use 10+.
    private static final String HASH_2Y = "$2y$" + BCrypt.hashpw("s3cret", BCrypt.gensalt(4)).substring(4);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private MetricsServer server;

    private Scraper start(MetricsConfig.BasicAuth auth) throws Exception {
        MetricsConfig config = new MetricsConfig("127.0.0.1", 0, "/metrics", Optional.empty(), Optional.of(auth),
                10, Duration.ofHours(1));
        server = MetricsServer.start(config, format -> "# HELP a_total a\n# TYPE a_total counter\na_total 1.0\n",
                () -> List.of("workspace prod: no successful poll yet"), clock);
        return Scraper.plain(server);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static MetricsConfig.BasicAuth bcrypt() {
        return new MetricsConfig.BasicAuth("prometheus", Optional.of(HASH_2Y), Optional.empty());
    }

    @Test
    void scrapeWithoutCredentialsIs401WithABasicChallenge() throws Exception {
        HttpResponse<String> r = start(bcrypt()).get("/metrics");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"acr-watch\"");
        assertThat(r.body()).doesNotContain("a_total");
    }

    @Test
    void wrongPasswordWrongUserOrGarbageHeaderIs401() throws Exception {
        Scraper s = start(bcrypt());
        assertThat(s.get("/metrics", "Authorization", basic("prometheus", "wrong")).statusCode()).isEqualTo(401);
        assertThat(s.get("/metrics", "Authorization", basic("someone", "s3cret")).statusCode()).isEqualTo(401);
        assertThat(s.get("/metrics", "Authorization", "Basic !!!notbase64").statusCode()).isEqualTo(401);
        assertThat(s.get("/metrics", "Authorization", "Bearer abc").statusCode()).isEqualTo(401);
    }

    @Test
    void rightPasswordAgainstA2yBcryptHashIsServed() throws Exception {
        HttpResponse<String> r = start(bcrypt()).get("/metrics", "Authorization", basic("prometheus", "s3cret"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("a_total 1.0");
    }

    @Test
    void rightPlainSecretIsServedAndAWrongOneIsNot() throws Exception {
        Scraper s = start(new MetricsConfig.BasicAuth("prometheus", Optional.empty(), Optional.of(Secret.of("pl4in"))));
        assertThat(s.get("/metrics", "Authorization", basic("prometheus", "pl4in")).statusCode()).isEqualTo(200);
        assertThat(s.get("/metrics", "Authorization", basic("prometheus", "pl4in ")).statusCode()).isEqualTo(401);
    }

    @Test
    void healthzStaysOpenButReadyzAndUnknownPathsNeedCredentials() throws Exception {
        Scraper s = start(bcrypt());
        assertThat(s.get("/healthz").statusCode()).isEqualTo(200);
        assertThat(s.get("/readyz").statusCode()).isEqualTo(401);
        assertThat(s.get("/nope").statusCode()).isEqualTo(401);
        HttpResponse<String> ready = s.get("/readyz", "Authorization", basic("prometheus", "s3cret"));
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("workspace prod: no successful poll yet");
    }

    @Test
    void mountedHandlersAreBehindTheSameAuth() throws Exception {
        Scraper s = start(bcrypt());
        server.addHandler("/api/silences", exchange -> MetricsServer.respond(exchange, 200, "application/json", "[]"));
        assertThat(s.get("/api/silences").statusCode()).isEqualTo(401);
        assertThat(s.get("/api/silences", "Authorization", basic("prometheus", "s3cret")).statusCode()).isEqualTo(200);
    }

    @Test
    void aVerifiedCredentialSkipsBcryptUntilTheCacheExpires() throws Exception {
        AtomicInteger slowChecks = new AtomicInteger();
        BasicAuthFilter filter = BasicAuthFilter.of(bcrypt(), clock, (password, hash) -> {
            slowChecks.incrementAndGet();
            return BCrypt.checkpw(password, hash);
        });
        String right = basic("prometheus", "s3cret");

        assertThat(filter.authorized(right)).isTrue();
        assertThat(filter.authorized(right)).isTrue();
        assertThat(slowChecks).hasValue(1);

        // wrong passwords are never cached: each one pays bcrypt
        assertThat(filter.authorized(basic("prometheus", "nope"))).isFalse();
        assertThat(filter.authorized(basic("prometheus", "nope"))).isFalse();
        assertThat(slowChecks).hasValue(3);

        clock.advance(BasicAuthFilter.CACHE_TTL);
        assertThat(filter.authorized(right)).isTrue();
        assertThat(slowChecks).hasValue(4);
    }

    @Test
    void aMalformedBcryptHashIsAConfigErrorThatDoesNotPrintTheHash() {
        MetricsConfig.BasicAuth auth =
                new MetricsConfig.BasicAuth("prometheus", Optional.of("$2y$10$tooShort"), Optional.empty());
        assertThatThrownBy(() -> BasicAuthFilter.of(auth, clock))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("password_bcrypt: expected a bcrypt hash")
                .hasMessageContaining("found a value of 15 characters")
                .hasMessageNotContaining("tooShort");
    }
}
