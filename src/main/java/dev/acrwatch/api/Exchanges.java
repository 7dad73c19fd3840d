package dev.acrwatch.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Reading requests and writing JSON answers on the JDK HTTP server, with the API's limits. */
final class Exchanges {

    private Exchanges() {}

    /** The body as JSON, or null when there is none. */
    static JsonNode json(HttpExchange ex) throws IOException, ApiException {
        byte[] body = readCapped(ex);
        if (body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
            return null;
        }
        try (JsonParser p = SilenceJson.MAPPER.createParser(body)) {
            p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            JsonNode n = SilenceJson.MAPPER.readTree(p);
            if (p.nextToken() != null) {
                throw new ApiException(400, "body: expected one JSON value, found more after it");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "body: not valid JSON: " + LogSafe.of(e.getOriginalMessage()));
        }
    }

    /** Beyond this an oversized body is not read at all and the client may see a reset instead of the 413. */
    private static final long DRAIN_LIMIT = 1 << 20;

    static byte[] readCapped(HttpExchange ex) throws IOException, ApiException {
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        try (InputStream in = ex.getRequestBody()) {
            byte[] b = in.readNBytes(SilenceApi.MAX_BODY + 1);
            if (b.length > SilenceApi.MAX_BODY) {
                // Read the rest (bounded) before answering: closing with unread input resets the
                // connection, and the client would never see the 413.
                drain(in);
                throw new ApiException(413, "body: at most " + SilenceApi.MAX_BODY + " bytes"
                        + (declared == null ? "" : ", found " + declared.strip().replaceAll("[^0-9]", "")));
            }
            return b;
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        long read = 0;
        int r;
        while (read < DRAIN_LIMIT && (r = in.read(buf)) > 0) {
            read += r;
        }
    }

    static Map<String, String> query(HttpExchange ex) throws ApiException {
        Map<String, String> out = new HashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.putIfAbsent(k, v);
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "query: bad percent-encoding in " + SilenceRequests.quote(pair));
            }
        }
        return out;
    }

    static String remote(HttpExchange ex) {
        return ex.getRemoteAddress() == null || ex.getRemoteAddress().getAddress() == null
                ? "?" : ex.getRemoteAddress().getAddress().getHostAddress();
    }

    static void respond(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = SilenceJson.MAPPER.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
