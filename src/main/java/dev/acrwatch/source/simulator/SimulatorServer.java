package dev.acrwatch.source.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.acrwatch.event.LogTable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the Log Analytics query REST API ({@code POST /v1/workspaces/{id}/query}) for one
 * simulated workspace, on loopback only, so the daemon talks to it through the real SDK.
 */
public final class SimulatorServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimulatorServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimulatedWorkspace workspace;
    private final String workspaceId;
    private final HttpServer server;
    private final java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger finished = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger aborted = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong rowsAnswered = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong bytesAnswered = new java.util.concurrent.atomic.AtomicLong();
    private volatile java.time.Duration responseDelay = java.time.Duration.ZERO;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "simulator-http");
        t.setDaemon(true);
        return t;
    });

    public SimulatorServer(SimulatedWorkspace workspace, String workspaceId) throws IOException {
        this.workspace = workspace;
        this.workspaceId = workspaceId;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/workspaces/", this::handle);
        server.setExecutor(executor);
    }

    public SimulatorServer start() {
        server.start();
        return this;
    }

    /** The endpoint to configure, including {@code /v1}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Makes every answer take this long, like a busy workspace (tests of in-flight polls). */
    public void setResponseDelay(java.time.Duration delay) {
        this.responseDelay = delay;
    }

    /** Queries received so far. */
    public int queriesStarted() {
        return started.get();
    }

    /** Queries fully answered. */
    public int queriesAnswered() {
        return finished.get();
    }

    /** Queries whose client went away before the answer was written (a daemon that died mid-poll). */
    public int queriesAborted() {
        return aborted.get();
    }

    /** Result rows in the answers sent so far (what a query-cost benchmark compares). */
    public long rowsAnswered() {
        return rowsAnswered.get();
    }

    /** Response body bytes of the answers sent so far. */
    public long bytesAnswered() {
        return bytesAnswered.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        started.incrementAndGet();
        try {
            answer(ex);
            finished.incrementAndGet();
        } catch (IOException e) {
            aborted.incrementAndGet();
            throw e;
        }
    }

    private void answer(HttpExchange ex) throws IOException {
        try (ex) {
            String expected = "/v1/workspaces/" + workspaceId + "/query";
            if (!"POST".equals(ex.getRequestMethod()) || !expected.equals(ex.getRequestURI().getPath())) {
                error(ex, 404, "PathNotFoundError", "no such workspace or operation");
                return;
            }
            JsonNode body;
            try (InputStream in = ex.getRequestBody()) {
                body = JSON.readTree(in);
            }
            SimulatedWorkspace.Query q;
            try {
                q = SimQueryParser.parse(body.path("query").asText(""),
                        body.hasNonNull("timespan") ? body.get("timespan").asText() : null);
            } catch (IllegalArgumentException e) {
                error(ex, 400, "BadArgumentError", e.getMessage());
                return;
            }
            List<SimulatedWorkspace.Row> rows = workspace.query(q);
            pause();
            byte[] out = JSON.writeValueAsBytes(response(q.table(), rows));
            ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
            rowsAnswered.addAndGet(rows.size());
            bytesAnswered.addAndGet(out.length);
        } catch (RuntimeException e) {
            log.warn("simulated workspace failed to answer: {}", e.toString());
        }
    }

    private void pause() {
        try {
            Thread.sleep(responseDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The shape of the daemon's KQL result: the by-columns, then the aggregates, Callers last. */
    private static ObjectNode response(LogTable table, List<SimulatedWorkspace.Row> rows) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode t = root.putArray("tables").addObject();
        t.put("name", "PrimaryResult");
        ArrayNode cols = t.putArray("columns");
        column(cols, "Minute", "datetime");
        for (String c : List.of("LoginServer", "OperationName", "ResultDescription", "Identity")) {
            column(cols, c, "string");
        }
        if (table == LogTable.REPOSITORY) {
            column(cols, "Repository", "string");
        }
        column(cols, "Count", "long");
        column(cols, "MaxIngestion", "datetime");
        column(cols, "DelaySumSec", "real");
        column(cols, "DelayMaxSec", "real");
        column(cols, "Callers", "dynamic");
        ArrayNode out = t.putArray("rows");
        for (SimulatedWorkspace.Row r : rows) {
            ArrayNode a = out.addArray();
            a.add(r.minute().toString()).add(r.loginServer()).add(r.operation()).add(r.status()).add(r.identity());
            if (table == LogTable.REPOSITORY) {
                a.add(r.repository());
            }
            a.add(r.count()).add(r.maxIngestion().toString()).add(r.delaySumSeconds()).add(r.delayMaxSeconds());
            a.add(callers(r.callers()));
        }
        return root;
    }

    /** As the REST API sends a dynamic value: its JSON text, as a string. */
    private static String callers(List<SimulatedWorkspace.Caller> callers) {
        ArrayNode pairs = JSON.createArrayNode();
        for (SimulatedWorkspace.Caller c : callers) {
            pairs.addArray().add(c.ip()).add(c.count());
        }
        return pairs.toString();
    }

    private static void column(ArrayNode cols, String name, String type) {
        cols.addObject().put("name", name).put("type", type);
    }

    private static void error(HttpExchange ex, int status, String code, String message) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("error").put("code", code).put("message", message);
        byte[] out = JSON.writeValueAsBytes(root);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, out.length);
        ex.getResponseBody().write(out);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
