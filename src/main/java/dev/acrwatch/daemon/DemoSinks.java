package dev.acrwatch.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the demo's notifications land: a real SMTP server (GreenMail) and a Slack-webhook sink, both
 * on loopback. Each notification is printed in one line and saved under the output folder, as
 * {@code .eml} and Slack JSON, so a newcomer can open exactly what an SRE would receive.
 */
public final class DemoSinks implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What arrived, in order: kind ("email" / "slack"), a one-line summary, and the raw payload. */
    public record Received(String kind, String summary, String payload) {}

    private final GreenMail smtp;
    private final HttpServer slack;
    private final PrintStream console;
    private final Path outDir;
    private final List<Received> received = new ArrayList<>();
    private final AtomicInteger seq = new AtomicInteger();
    private final ScheduledExecutorService mailWatcher;
    private int mailsSeen;

    private DemoSinks(GreenMail smtp, HttpServer slack, PrintStream console, Path outDir) {
        this.smtp = smtp;
        this.slack = slack;
        this.console = console;
        this.outDir = outDir;
        this.mailWatcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-mail-watcher");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * @param console where each notification is printed (null: silent)
     * @param outDir  where they are saved (null: not saved)
     */
    public static DemoSinks start(PrintStream console, Path outDir) throws IOException {
        if (outDir != null) {
            Files.createDirectories(outDir);
        }
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        HttpServer slack = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        DemoSinks sinks = new DemoSinks(smtp, slack, console, outDir);
        slack.createContext("/services/demo", sinks::onSlack);
        slack.start();
        sinks.mailWatcher.scheduleWithFixedDelay(sinks::collectMail, 100, 100, TimeUnit.MILLISECONDS);
        return sinks;
    }

    public int smtpPort() {
        return smtp.getSmtp().getPort();
    }

    public String slackUrl() {
        return "http://127.0.0.1:" + slack.getAddress().getPort() + "/services/demo";
    }

    public synchronized List<Received> received() {
        collectMail();
        return List.copyOf(received);
    }

    private synchronized void collectMail() {
        MimeMessage[] all = smtp.getReceivedMessages();
        for (int i = mailsSeen; i < all.length; i++) {
            try {
                MimeMessage m = all[i];
                String to = String.join(", ", List.of(m.getHeader("To", ",")));
                String summary = m.getSubject() + "  → " + to;
                var bytes = new java.io.ByteArrayOutputStream();
                m.writeTo(bytes);
                record("email", summary, bytes.toString(java.nio.charset.StandardCharsets.UTF_8), ".eml");
            } catch (MessagingException | IOException e) {
                record("email", "(unreadable message: " + e.getMessage() + ")", "", ".txt");
            }
        }
        mailsSeen = all.length;
    }

    private void onSlack(HttpExchange ex) throws IOException {
        try (ex) {
            String body;
            try (InputStream in = ex.getRequestBody()) {
                body = new String(in.readNBytes(1 << 20), java.nio.charset.StandardCharsets.UTF_8);
            }
            JsonNode json = JSON.readTree(body);
            String header = json.path("blocks").path(0).path("text").path("text").asText(json.path("text").asText());
            synchronized (this) {
                record("slack", header, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json), ".json");
            }
            byte[] ok = "ok".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, ok.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(ok);
            }
        }
    }

    private void record(String kind, String summary, String payload, String extension) {
        received.add(new Received(kind, summary, payload));
        int n = seq.incrementAndGet();
        if (console != null) {
            // Summaries carry log-derived values: no control characters reach the terminal.
            console.printf("  %-6s %s%n", "[" + kind + "]", summary.replaceAll("\\p{Cntrl}", "?"));
            console.flush();
        }
        if (outDir != null) {
            try {
                Files.writeString(outDir.resolve(String.format("%03d-%s%s", n, kind, extension)), payload);
            } catch (IOException e) {
                if (console != null) {
                    console.println("  (could not save to " + outDir + ": " + e.getMessage() + ")");
                }
            }
        }
    }

    @Override
    public void close() {
        mailWatcher.shutdownNow();
        collectMail();
        slack.stop(0);
        smtp.stop();
    }
}
