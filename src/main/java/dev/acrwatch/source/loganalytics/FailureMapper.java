package dev.acrwatch.source.loganalytics;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpResponse;
import com.azure.core.models.ResponseError;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrwatch.source.QueryFailureReason;
import dev.acrwatch.source.SourceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/** Sorts what the SDK throws into a {@link QueryFailureReason}, with a message that names the place. */
final class FailureMapper {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FailureMapper() {}

    static SourceException map(Throwable e, String where, Instant now) {
        HttpResponseException http = find(e, HttpResponseException.class);
        if (http != null && http.getResponse() != null) {
            return fromStatus(http, where, now);
        }
        if (http instanceof ClientAuthenticationException || isCredentialFailure(e)) {
            return new SourceException(QueryFailureReason.AUTH,
                    where + ": could not get a token: " + summary(e), null, e);
        }
        if (find(e, HttpTimeoutException.class) != null || find(e, TimeoutException.class) != null) {
            return new SourceException(QueryFailureReason.TIMEOUT,
                    where + ": no response in time: " + summary(e), null, e);
        }
        if (find(e, IOException.class) != null || find(e, UncheckedIOException.class) != null) {
            return new SourceException(QueryFailureReason.NETWORK,
                    where + ": network failure: " + summary(e), null, e);
        }
        return new SourceException(QueryFailureReason.CLIENT, where + ": query failed: " + summary(e), null, e);
    }

    private static SourceException fromStatus(HttpResponseException e, String where, Instant now) {
        HttpResponse response = e.getResponse();
        int status = response.getStatusCode();
        QueryFailureReason reason;
        if (status == 429) {
            reason = QueryFailureReason.THROTTLED;
        } else if (status == 401 || status == 403) {
            reason = QueryFailureReason.AUTH;
        } else if (status == 504 || status == 408) {
            reason = QueryFailureReason.TIMEOUT;
        } else if (status >= 500) {
            reason = QueryFailureReason.SERVER;
        } else {
            reason = QueryFailureReason.CLIENT;
        }
        Duration retryAfter = status == 429 || status == 503
                ? parseRetryAfter(response.getHeaderValue("Retry-After"), now).orElse(null)
                : null;
        String message = where + ": HTTP " + status + serviceError(e)
                + (retryAfter == null ? "" : " (Retry-After " + retryAfter.toSeconds() + " s)");
        return new SourceException(reason, message, retryAfter, e);
    }

    /** Retry-After as delay-seconds or an HTTP date; absent or unreadable gives empty. */
    static Optional<Duration> parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    private static String serviceError(HttpResponseException e) {
        Object value = e.getValue();
        if (value instanceof ResponseError err) {
            return ": " + err.getCode() + ": " + oneLine(err.getMessage());
        }
        // The SDK's message is 'Status code N, "<body>"'; the body's error object says what went wrong.
        String message = e.getMessage() == null ? "" : e.getMessage();
        int start = message.indexOf('{');
        int end = message.lastIndexOf('}');
        if (start >= 0 && end > start) {
            try {
                JsonNode error = JSON.readTree(message.substring(start, end + 1)).path("error");
                if (error.hasNonNull("code")) {
                    StringBuilder b = new StringBuilder(": ").append(oneLine(error.path("code").asText()))
                            .append(": ").append(oneLine(error.path("message").asText()));
                    // Log Analytics puts the specific reason (e.g. the KQL syntax error) in innererror.
                    JsonNode inner = error.path("innererror");
                    if (inner.hasNonNull("code") || inner.hasNonNull("message")) {
                        b.append(" (").append(oneLine(inner.path("code").asText())).append(": ")
                                .append(oneLine(inner.path("message").asText())).append(')');
                    }
                    return b.toString();
                }
            } catch (JsonProcessingException notJson) {
                // fall through to the raw message
            }
        }
        return ": " + oneLine(message);
    }

    private static boolean isCredentialFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // azure-identity's exceptions; matched by name so this class does not need that module.
            if (t.getClass().getName().startsWith("com.azure.identity.")) {
                return true;
            }
        }
        return false;
    }

    private static String summary(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String s = e.getClass().getSimpleName() + ": " + oneLine(e.getMessage());
        return root == e ? s : s + " (caused by " + root.getClass().getSimpleName() + ": " + oneLine(root.getMessage()) + ")";
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.strip().replaceAll("\\s+", " ");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
