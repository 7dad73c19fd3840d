package dev.acrwatch.source.loganalytics;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acrwatch.source.QueryFailureReason;
import dev.acrwatch.source.SourceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The Log Analytics query API ({@code POST {endpoint}/workspaces/{id}/query}) on an azure-core pipeline
 * (bearer token, request id, timeouts), with the response body read as a stream by
 * {@link QueryResultReader}. Failures come out as {@link SourceException}s sorted by {@link FailureMapper}.
 */
final class QueryApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** An error body longer than this is cut: the message needs its start (the error code), not all of it. */
    private static final int MAX_ERROR_BODY = 16 * 1024;

    private final HttpPipeline pipeline;
    private final String endpoint;
    private final Clock clock;

    /** @param endpoint the API root including {@code /v1} */
    QueryApiClient(HttpPipeline pipeline, String endpoint, Clock clock) {
        this.pipeline = pipeline;
        this.endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        this.clock = clock;
    }

    /**
     * Runs {@code kql} over TimeGenerated {@code [from, to]} and returns what {@code rows} built from the
     * first result table; no content (HTTP 204) gives {@code rows.result()} with no rows.
     *
     * @param where names the query in every error message
     * @throws SourceException PARTIAL when the service answered with an error beside (or instead of) rows;
     *     otherwise as {@link FailureMapper} sorts the failure
     */
    <T> T query(String workspaceId, String kql, Instant from, Instant to, Duration serverTimeout,
            QueryResultReader.ResultRows<T> rows, String where) throws SourceException {
        HttpRequest request = request(workspaceId, kql, from, to, serverTimeout);
        try (HttpResponse response = pipeline.sendSync(request, Context.NONE)) {
            int status = response.getStatusCode();
            if (status == 204) {
                return rows.result();
            }
            if (status != 200) {
                throw new HttpResponseException("Status code " + status + ", \"" + errorBody(response) + "\"", response);
            }
            Optional<QueryResultReader.ServiceError> error;
            try (InputStream body = response.getBodyAsBinaryData().toStream()) {
                error = QueryResultReader.read(body, rows, where);
            }
            if (error.isPresent()) {
                // Never treat a partial result as complete: the caller splits or retries.
                throw new SourceException(QueryFailureReason.PARTIAL, where + ": HTTP 200 with error "
                        + error.get().code() + ": " + error.get().message());
            }
            return rows.result();
        } catch (JsonEOFException e) {
            throw new SourceException(QueryFailureReason.NETWORK,
                    where + ": the response ended early: " + e.getOriginalMessage(), null, e);
        } catch (JsonParseException e) {
            throw new SourceException(QueryFailureReason.SERVER,
                    where + ": the response is not the query API's JSON: " + e.getOriginalMessage(), null, e);
        } catch (IOException e) {
            throw FailureMapper.map(new UncheckedIOException(e), where, clock.instant());
        } catch (RuntimeException e) {
            throw FailureMapper.map(e, where, clock.instant());
        }
    }

    private HttpRequest request(String workspaceId, String kql, Instant from, Instant to, Duration serverTimeout) {
        ObjectNode body = JSON.createObjectNode();
        body.put("query", kql);
        body.put("timespan", from + "/" + to);
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // an ObjectNode of two strings always serializes
        }
        HttpRequest request = new HttpRequest(HttpMethod.POST, endpoint + "/workspaces/" + workspaceId + "/query")
                .setHeader(HttpHeaderName.CONTENT_TYPE, "application/json")
                .setHeader(HttpHeaderName.ACCEPT, "application/json")
                .setHeader(HttpHeaderName.fromString("Prefer"), "wait=" + Math.max(1, serverTimeout.toSeconds()))
                .setBody(bytes);
        // The JDK client sets Content-Length from the body itself and warns about (and drops) ours.
        request.getHeaders().remove(HttpHeaderName.CONTENT_LENGTH);
        return request;
    }

    private static String errorBody(HttpResponse response) {
        try (InputStream in = response.getBodyAsBinaryData().toStream()) {
            byte[] head = in == null ? new byte[0] : in.readNBytes(MAX_ERROR_BODY);
            return new String(head, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return ""; // the status alone still says what failed
        }
    }
}
