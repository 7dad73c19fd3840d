package dev.acrwatch.notify;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * POSTs JSON for the HTTP receivers and maps the outcome to a {@link DeliveryResult} the same way for all of them.
 * Messages name the receiver, never the URL: a Slack webhook URL is a credential.
 */
public final class HttpDelivery {

    private static final int MAX_BODY_IN_MESSAGE = 200;

    private final String who;
    private final Timeouts timeouts;
    private final Clock clock;
    private final HttpClient client;
    private final List<String> secrets;

    /**
     * @param who     "slack receiver \"ops\"": how messages name this receiver
     * @param secrets strings that must never appear in a message (URL, URL path, token)
     */
    public HttpDelivery(String who, Timeouts timeouts, Clock clock, List<String> secrets) {
        this.who = who;
        this.timeouts = timeouts;
        this.clock = clock;
        this.secrets = secrets.stream().filter(s -> s != null && s.length() > 3).toList();
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeouts.connect())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public DeliveryResult postJson(URI uri, String json, Map<String, String> headers) {
        HttpRequest.Builder req = HttpRequest.newBuilder(uri)
                .timeout(timeouts.read())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "acr-watch")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(req::header);
        try {
            HttpResponse<String> resp = client.send(req.build(), HttpResponse.BodyHandlers.ofString());
            return map(resp.statusCode(), resp.body(), resp.headers().firstValue("Retry-After"));
        } catch (HttpTimeoutException e) {
            return DeliveryResult.failed(FailureReason.NETWORK, true, who + ": timed out (" + kind(e) + ")");
        } catch (ConnectException e) {
            return DeliveryResult.failed(FailureReason.NETWORK, true, who + ": cannot connect (" + kind(e) + ")");
        } catch (IOException e) {
            return DeliveryResult.failed(FailureReason.NETWORK, true, who + ": I/O error (" + kind(e) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryResult.failed(FailureReason.NETWORK, true, who + ": interrupted");
        }
    }

    /** Status mapping shared by every HTTP receiver (Slack, webhook, Alertmanager). */
    DeliveryResult map(int status, String body, Optional<String> retryAfter) {
        String detail = who + ": HTTP " + status + bodySnippet(body);
        if (status >= 200 && status < 300) {
            return DeliveryResult.delivered(who + ": HTTP " + status);
        }
        if (status == 429) {
            return DeliveryResult.rateLimited(retryAfter.flatMap(this::parseRetryAfter), detail);
        }
        if (status == 401 || status == 403) {
            return DeliveryResult.failed(FailureReason.AUTH_ERROR, false, detail);
        }
        if (status == 408) {
            return DeliveryResult.failed(FailureReason.NETWORK, true, detail);
        }
        if (status >= 500) {
            return DeliveryResult.failed(FailureReason.SERVER_ERROR, true, detail);
        }
        return DeliveryResult.failed(FailureReason.CLIENT_ERROR, false, detail);
    }

    /** Retry-After is either delay-seconds or an HTTP-date. */
    Optional<Duration> parseRetryAfter(String value) {
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }

    private String bodySnippet(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        return ": " + redact(Escape.truncate(Escape.singleLine(body.strip()), MAX_BODY_IN_MESSAGE));
    }

    private String kind(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + redact(Escape.singleLine(m)));
    }

    private String redact(String s) {
        String out = s;
        for (String secret : secrets) {
            out = out.replace(secret, "<redacted>");
        }
        return out;
    }
}
