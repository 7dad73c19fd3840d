package dev.acrwatch.api;

import dev.acrwatch.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/** Checks the API token of a state-changing call without revealing it through timing. */
final class BearerToken {

    private final byte[] digest;

    BearerToken(Secret token) {
        this.digest = sha256(token.reveal());
    }

    /** True when any Authorization Bearer value or the {@link SilenceApi#TOKEN_HEADER} value is the token. */
    boolean accepts(List<String> authorization, List<String> tokenHeader) {
        boolean ok = false;
        if (authorization != null) {
            for (String h : authorization) {
                if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
                    ok |= matches(h.substring(7).strip());
                }
            }
        }
        if (tokenHeader != null) {
            for (String h : tokenHeader) {
                ok |= h != null && matches(h.strip());
            }
        }
        return ok;
    }

    // Digests have equal length, so the comparison time does not reveal the token or its length.
    private boolean matches(String candidate) {
        return MessageDigest.isEqual(digest, sha256(candidate));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
