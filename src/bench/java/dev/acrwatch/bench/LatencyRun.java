package dev.acrwatch.bench;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import dev.acrwatch.config.AcrWatchConfig;
import dev.acrwatch.config.ConfigLoader;
import dev.acrwatch.daemon.Daemon;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.source.simulator.ScaledClock;
import dev.acrwatch.source.simulator.SimEvent;
import dev.acrwatch.source.simulator.SimulatedWorkspace;
import dev.acrwatch.source.simulator.SimulatorServer;
import dev.acrwatch.source.simulator.Traffic;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Row "alert latency": the real daemon ({@link Daemon#start}, config from YAML) polls a simulated
 * workspace every 15 s (simulated; the clock runs {@code SPEED} times faster). Each sample is a burst
 * of rejected logins on its own registry; latency is from the moment the event that crosses the
 * rule's threshold became queryable (its ingestion time) to the notification accepted by the SMTP
 * server (GreenMail) and by the Slack sink, both in simulated time.
 */
public final class LatencyRun {

    static final String WS_ID = "00000000-0000-4000-8000-0000000001a7";
    static final double SPEED = 8;
    static final int THRESHOLD = 10;
    static final int BURST = 20;
    static final Duration SPACING = Duration.ofSeconds(25);
    private static final Pattern SAMPLE = Pattern.compile("benchlat(\\d\\d)");

    public static void main(String[] args) throws Exception {
        int samples = Figures.quick(args) ? 3 : 30;
        // In the past: a ScaledClock runs at full speed only until it catches up with real time.
        Instant simStart = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(3));
        ScaledClock clock = new ScaledClock(Clock.systemUTC(), simStart, SPEED);
        Instant firstBurst = simStart.plus(Duration.ofSeconds(90));
        Bursts traffic = new Bursts(firstBurst, samples);
        SimulatedWorkspace ws = new SimulatedWorkspace(traffic, clock, 17, simStart.minus(Duration.ofMinutes(5)));
        Map<Integer, Instant> mailAt = new ConcurrentHashMap<>();
        Map<Integer, Instant> slackAt = new ConcurrentHashMap<>();

        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        HttpServer slack = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        slack.createContext("/services/bench", ex -> {
            try (ex) {
                Instant at = clock.instant();
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                sample(body).ifPresent(k -> slackAt.putIfAbsent(k, at));
                byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, ok.length);
                ex.getResponseBody().write(ok);
            }
        });
        slack.start();
        Thread mailWatcher = new Thread(() -> watchMail(smtp, clock, mailAt), "bench-mail-watcher");
        mailWatcher.setDaemon(true);
        mailWatcher.start();

        try (SimulatorServer simulator = new SimulatorServer(ws, WS_ID).start()) {
            String yaml = """
                    workspaces:
                      - {name: sim, id: %s, endpoint: "%s", auth: {type: none}}
                    poll: {interval: 15s, settle: 0s, initial_lookback: 5m}
                    metrics: {address: 127.0.0.1, port: 0}
                    store: {data_dir: "%s"}
                    alerting:
                      evaluation_interval: 15s
                      receivers:
                        - {name: mail, type: email, host: 127.0.0.1, port: %d, security: none,
                           from: acr-watch@example.com, to: [sre@example.com], group_wait: 0s}
                        - {name: chat, type: slack, url: "http://127.0.0.1:%d/services/bench", group_wait: 0s}
                      rules:
                        - name: login_failures
                          type: threshold
                          filter: {tables: [login], classes: [unauthorized], reasons: [rejected_credentials]}
                          window: 5m
                          threshold: %d
                          group_by: [registry]
                          severity: critical
                    """.formatted(WS_ID, simulator.endpoint(), java.nio.file.Files.createTempDirectory("acrwatch-bench-latency"),
                    smtp.getSmtp().getPort(), slack.getAddress().getPort(), THRESHOLD);
            AcrWatchConfig config = ConfigLoader.load("latency.yaml", yaml, Map.of());
            Instant lastBurst = firstBurst.plus(SPACING.multipliedBy(samples - 1));
            Instant giveUp = lastBurst.plus(Duration.ofMinutes(6));
            Instant started = clock.instant();
            try (Daemon daemon = Daemon.start(config, new Daemon.Options(clock, clock.toReal(Duration.ofSeconds(15)),
                    SPEED, List.of()), "bench")) {
                while ((mailAt.size() < samples || slackAt.size() < samples) && clock.instant().isBefore(giveUp)) {
                    Thread.sleep(200); // progress check; the measurement itself is timestamped by the sinks
                }
                Duration ran = Duration.between(started, clock.instant());
                Figures.note(String.format("daemon ran %d s simulated, %d queries (%.1f s simulated per poll of both tables)",
                        ran.toSeconds(), simulator.queriesStarted(), ran.toMillis() / 1000.0 / (simulator.queriesStarted() / 2.0)));
            }
            Figures.note("daemon closed after " + Duration.between(started, clock.instant()).toSeconds() + " s simulated");
        } finally {
            slack.stop(0);
            smtp.stop();
        }
        List<Double> mail = new ArrayList<>();
        List<Double> chat = new ArrayList<>();
        List<SimEvent> all = ws.eventsUpTo(Instant.MAX.minusSeconds(1));
        for (int k = 0; k < samples; k++) {
            Instant queryable = crossingIngestion(all, Bursts.registry(k));
            System.err.println("sample " + k + ": threshold event queryable " + queryable + ", email " + mailAt.get(k)
                    + ", slack " + slackAt.get(k)); // to the log only
            if (mailAt.containsKey(k)) {
                mail.add(Duration.between(queryable, mailAt.get(k)).toMillis() / 1000.0);
            }
            if (slackAt.containsKey(k)) {
                chat.add(Duration.between(queryable, slackAt.get(k)).toMillis() / 1000.0);
            }
        }
        Figures.note(String.format("speed %.0fx, %d bursts, notified: email %d, slack %d; email latencies %s",
                SPEED, samples, mail.size(), chat.size(), mail));
        report("email", mail, samples);
        report("slack", chat, samples);
    }

    private static void report(String channel, List<Double> latencies, int samples) {
        if (latencies.isEmpty()) {
            Figures.print("latency", channel + "_p95", Double.NaN, "s", "<= 18 s", false);
            return;
        }
        double[] v = latencies.stream().mapToDouble(Double::doubleValue).toArray();
        double p95 = Figures.percentile(v, 95);
        boolean all = latencies.size() == samples;
        Figures.print("latency", channel + "_p50", Figures.percentile(v, 50), "s", "", null);
        Figures.print("latency", channel + "_p95", p95, "s", "<= 18 s", all && p95 <= 18);
        Figures.print("latency", channel + "_max", Figures.percentile(v, 100), "s", "", null);
        if (!all) {
            Figures.print("latency", channel + "_missing_notifications", samples - latencies.size(), "", "0", false);
        }
    }

    /** Ingestion time of the burst event that brings the registry's count to the threshold. */
    static Instant crossingIngestion(List<SimEvent> events, String registry) {
        List<Instant> ingested = events.stream()
                .filter(e -> e.loginServer().equals(registry) && e.status().equals("401"))
                .map(SimEvent::ingestionTime).sorted().toList();
        return ingested.get(THRESHOLD - 1);
    }

    private static java.util.Optional<Integer> sample(String text) {
        Matcher m = SAMPLE.matcher(text);
        return m.find() ? java.util.Optional.of(Integer.parseInt(m.group(1))) : java.util.Optional.empty();
    }

    private static void watchMail(GreenMail smtp, Clock clock, Map<Integer, Instant> mailAt) {
        int seen = 0;
        while (!Thread.currentThread().isInterrupted()) {
            MimeMessage[] messages = smtp.getReceivedMessages();
            Instant at = clock.instant();
            for (int i = seen; i < messages.length; i++) {
                try {
                    sample(messages[i].getSubject()).ifPresent(k -> mailAt.putIfAbsent(k, at));
                } catch (Exception e) {
                    throw new IllegalStateException("unreadable mail", e);
                }
            }
            seen = messages.length;
            try {
                Thread.sleep(5); // sampling interval of the receipt time: 40 ms simulated at speed 8
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Healthy logins on every bench registry, and for sample k a burst of rejected logins on its own registry. */
    static final class Bursts implements Traffic {
        private final Instant first;
        private final int samples;

        Bursts(Instant first, int samples) {
            this.first = first;
            this.samples = samples;
        }

        static String registry(int k) {
            return String.format("benchlat%02d.azurecr.io", k);
        }

        @Override
        public void generateSecond(Instant second, Random rnd, Consumer<SimEvent> out) {
            for (int k = 0; k < samples; k++) {
                if (rnd.nextInt(4) == 0) {
                    out.accept(new SimEvent(LogTable.LOGIN, second, second, registry(k), "Login", "200",
                            "aks-node", "10.240.0.4", ""));
                }
            }
            long sinceFirst = Duration.between(first, second).getSeconds();
            if (sinceFirst >= 0 && sinceFirst % SPACING.getSeconds() == 0) {
                int k = (int) (sinceFirst / SPACING.getSeconds());
                if (k < samples) {
                    for (int i = 0; i < BURST; i++) {
                        out.accept(new SimEvent(LogTable.LOGIN, second, second, registry(k), "Login", "401",
                                "sp-ci-expired", "20.42.5." + (10 + i), ""));
                    }
                }
            }
        }
    }
}
