package dev.acrwatch.metrics;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import dev.acrwatch.config.ConfigException;
import dev.acrwatch.config.MetricsConfig;
import dev.acrwatch.config.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.mindrot.jbcrypt.BCrypt;

/**
 * HTTP basic auth as in Prometheus exporters' web config: a bcrypt hash or a plain secret.
 * Never logs the password or the Authorization header.
 */
final class BasicAuthFilter extends Filter {

    // bcrypt costs ~100 ms by design; Prometheus scrapes every few seconds with the same
    // credential, so a verified credential is remembered briefly instead of re-hashed per scrape.
    static final Duration CACHE_TTL = Duration.ofMinutes(5);
    private static final int CACHE_MAX = 64;
    private static final Pattern BCRYPT = Pattern.compile("\\$2[abxy]?\\$[0-9]{2}\\$[./A-Za-z0-9]{53}");

    private final byte[] userDigest;
    private final Optional<String> bcrypt;
    private final Optional<byte[]> passwordDigest;
    private final Clock clock;
    private final BiPredicate<String, String> bcryptCheck;
    private final Mac cacheKeyMac;
    private final Map<String, Instant> verified = new ConcurrentHashMap<>();

    private BasicAuthFilter(String user, Optional<String> bcrypt, Optional<Secret> password, Clock clock,
            BiPredicate<String, String> bcryptCheck) {
        this.userDigest = sha256(user);
        this.bcrypt = bcrypt;
        this.passwordDigest = password.map(p -> sha256(p.reveal()));
        this.clock = clock;
        this.bcryptCheck = bcryptCheck;
        this.cacheKeyMac = newCacheKeyMac();
    }

    static BasicAuthFilter of(MetricsConfig.BasicAuth auth, Clock clock) throws ConfigException {
        return of(auth, clock, BasicAuthFilter::checkBcrypt);
    }

    /** @param bcryptCheck (password, $2a$ hash) → matches; replaceable so tests can count the slow calls */
    static BasicAuthFilter of(MetricsConfig.BasicAuth auth, Clock clock, BiPredicate<String, String> bcryptCheck)
            throws ConfigException {
        if (auth.passwordBcrypt().isPresent()) {
            String hash = auth.passwordBcrypt().get().strip();
            if (!BCRYPT.matcher(hash).matches()) {
                // The hash itself is not printed: it is as good as a password to an offline cracker.
                throw new ConfigException("metrics.basic_auth", List.of("password_bcrypt: expected a bcrypt hash like"
                        + " $2y$10$ followed by 53 characters, found a value of " + hash.length() + " characters"));
            }
            // jBCrypt only knows the $2a$ prefix; $2b$/$2y$ hashes are the same algorithm.
            String normalised = "$2a$" + hash.substring(hash.indexOf('$', 1) + 1);
            return new BasicAuthFilter(auth.username(), Optional.of(normalised), Optional.empty(), clock, bcryptCheck);
        }
        if (auth.password().isPresent()) {
            return new BasicAuthFilter(auth.username(), Optional.empty(), auth.password(), clock, bcryptCheck);
        }
        throw new ConfigException("metrics.basic_auth", List.of("expected password_bcrypt or password, found neither"));
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        if (authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
            chain.doFilter(exchange);
            return;
        }
        exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"acr-watch\"");
        MetricsServer.respond(exchange, 401, "text/plain; charset=utf-8", "unauthorized\n");
    }

    @Override
    public String description() {
        return "basic auth";
    }

    boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        boolean userOk = MessageDigest.isEqual(userDigest, sha256(user));
        if (passwordDigest.isPresent()) {
            // Digests have equal length, so the comparison time does not reveal the password length.
            return userOk & MessageDigest.isEqual(passwordDigest.get(), sha256(password));
        }
        String key = cacheKey(decoded);
        Instant now = clock.instant();
        Instant until = verified.get(key);
        if (until != null && now.isBefore(until)) {
            return true;
        }
        // bcrypt runs even for a wrong user, so timing does not tell which usernames exist.
        boolean passwordOk = bcryptCheck.test(password, bcrypt.orElseThrow());
        if (userOk && passwordOk) {
            if (verified.size() >= CACHE_MAX) {
                verified.clear();
            }
            verified.put(key, now.plus(CACHE_TTL));
            return true;
        }
        return false;
    }

    private static boolean checkBcrypt(String password, String hash) {
        try {
            return BCrypt.checkpw(password, hash);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    // The cache holds a keyed MAC of the credential, not the credential, so a heap dump does not
    // hand out the password; the key is random per process.
    private String cacheKey(String credential) {
        synchronized (cacheKeyMac) {
            return HexFormat.of().formatHex(cacheKeyMac.doFinal(credential.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static Mac newCacheKeyMac() {
        try {
            byte[] k = new byte[32];
            new SecureRandom().nextBytes(k);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(k, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
