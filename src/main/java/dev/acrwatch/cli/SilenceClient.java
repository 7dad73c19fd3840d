package dev.acrwatch.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrwatch.api.SilenceApi;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/** Talks to the daemon's silences API for the CLI; every failure carries the exit code it maps to. */
final class SilenceClient {

    /** The daemon answered and said no. */
    static final int REFUSED = 1;
    static final int USAGE = ExitCodes.USAGE;
    /** The daemon could not be reached at all. */
    static final int UNREACHABLE = ExitCodes.RUNTIME_FAILURE;

    static final String TOKEN_ENV = "ACR_WATCH_API_TOKEN";
    private static final String PATH = SilenceApi.PATH;
    static final ObjectMapper JSON = new ObjectMapper();

    /** A failure to print on stderr and exit with. */
    static final class Failure extends Exception {
        final int exitCode;

        Failure(int exitCode, String message) {
            super(message, null, false, false);
            this.exitCode = exitCode;
        }
    }

    private final URI base;
    private final ApiOptions options;
    private final Map<String, String> env;
    private final HttpClient http;

    SilenceClient(ApiOptions options, Map<String, String> env) throws Failure {
        this.options = options;
        this.env = env;
        String u = options.url.replaceAll("/+$", "");
        try {
            this.base = URI.create(u);
        } catch (IllegalArgumentException e) {
            throw new Failure(USAGE, "--url: expected a URL like http://localhost:9464, found \"" + options.url + "\"");
        }
        if (base.getScheme() == null || !base.getScheme().matches("https?") || base.getHost() == null) {
            throw new Failure(USAGE, "--url: expected a URL like http://localhost:9464, found \"" + options.url + "\"");
        }
        if (options.user != null && options.passwordFile == null) {
            throw new Failure(USAGE, "--user needs --password-file");
        }
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** GET, POST or DELETE under /api/v1/silences; returns the JSON of a 2xx answer. */
    JsonNode call(String method, String pathAndQuery, JsonNode body, boolean change) throws Failure {
        URI uri = URI.create(base + PATH + pathAndQuery);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15))
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (options.user != null) {
            String pw = readSecretFile(options.passwordFile, "--password-file");
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (options.user + ":" + pw).getBytes(StandardCharsets.UTF_8)));
        }
        if (change) {
            String token = token();
            if (options.user != null) {
                b.header(SilenceApi.TOKEN_HEADER, token);
            } else {
                b.header("Authorization", "Bearer " + token);
            }
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new Failure(UNREACHABLE, "cannot reach the daemon at " + base + ": timed out");
        } catch (ConnectException e) {
            throw new Failure(UNREACHABLE, "cannot reach the daemon at " + base + ": connection refused");
        } catch (IOException e) {
            throw new Failure(UNREACHABLE, "cannot reach the daemon at " + base + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(UNREACHABLE, "interrupted while calling the daemon at " + base);
        }
        if (r.statusCode() / 100 != 2) {
            throw new Failure(REFUSED, "the daemon refused (HTTP " + r.statusCode() + "): " + errorText(r));
        }
        try {
            return JSON.readTree(r.body());
        } catch (JsonProcessingException e) {
            throw new Failure(REFUSED, "the daemon answered HTTP " + r.statusCode() + " with something that is not JSON");
        }
    }

    private String token() throws Failure {
        if (options.tokenFile != null) {
            return readSecretFile(options.tokenFile, "--token-file");
        }
        String t = env.get(TOKEN_ENV);
        if (t == null || t.isBlank()) {
            throw new Failure(USAGE, "no API token: pass --token-file FILE or set " + TOKEN_ENV
                    + " (the daemon's alerting.api_token)");
        }
        return t.strip();
    }

    private static String readSecretFile(Path file, String option) throws Failure {
        String s;
        try {
            s = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new Failure(USAGE, option + ": cannot read \"" + file + "\": " + e.getClass().getSimpleName());
        }
        if (s.isEmpty()) {
            throw new Failure(USAGE, option + ": \"" + file + "\" is empty");
        }
        return s;
    }

    private static String errorText(HttpResponse<String> r) {
        String text = r.body() == null ? "" : r.body();
        try {
            JsonNode n = JSON.readTree(text);
            if (n != null && n.hasNonNull("error")) {
                text = n.get("error").asText();
            }
        } catch (JsonProcessingException notJson) {
            // the endpoint's own basic auth answers in plain text
        }
        text = Terminal.safe(text.strip(), 500);
        if (r.statusCode() == 401 && text.equals("unauthorized")) {
            text += " (the endpoint wants basic auth: --user and --password-file)";
        }
        return text.isEmpty() ? "(no message)" : text;
    }
}
