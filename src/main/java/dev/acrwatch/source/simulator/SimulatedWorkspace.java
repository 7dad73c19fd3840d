package dev.acrwatch.source.simulator;

import dev.acrwatch.event.LogTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The demo's Log Analytics workspace: it generates the story's events up to the clock's now, makes
 * each queryable only after a simulated ingestion delay (20 s – 3 min, long-tailed like the real
 * service), and answers the daemon's summarized query with the semantics of its KQL.
 */
public final class SimulatedWorkspace {

    private static final Duration MIN_DELAY = Duration.ofSeconds(20);
    private static final Duration MAX_DELAY = Duration.ofMinutes(3);
    /**
     * No poll asks for ingestion times further back than max_catch_up (6 h in the demo), so older
     * events are dropped: the compose stack runs the demo for a day, and every query scans the list.
     */
    static final Duration RETAIN = Duration.ofHours(7);

    private final DemoStory story;
    private final Clock clock;
    private final Random rnd;
    private final List<SimEvent> events = new ArrayList<>();
    private Instant generatedUntil;
    private Instant prunedAt = Instant.MIN;
    private volatile java.util.function.Predicate<SimEvent> expectedCaller = e -> false;

    /**
     * @param generateFrom first simulated second with traffic (may precede the story for history)
     */
    public SimulatedWorkspace(DemoStory story, Clock clock, long seed, Instant generateFrom) {
        this.story = story;
        this.clock = clock;
        this.rnd = new Random(seed);
        this.generatedUntil = generateFrom.truncatedTo(ChronoUnit.SECONDS);
    }

    public DemoStory story() {
        return story;
    }

    /**
     * Success rows of these callers keep their identity and IP, as the daemon's KQL does for expected
     * callers. The simulator is told the predicate rather than parsing it out of the query.
     */
    public void keepDetailFor(java.util.function.Predicate<SimEvent> expectedCaller) {
        this.expectedCaller = expectedCaller;
    }

    /** Summarized rows for one query: the columns the daemon's KQL returns. */
    public record Row(Instant minute, String loginServer, String operation, String status, String identity,
                      String callerIp, String repository, long count, Instant maxIngestion,
                      double delaySumSeconds, double delayMaxSeconds) {}

    /** What the daemon's query asks for: ingestion (lo, hi], TimeGenerated [tgFrom, tgTo], registries. */
    public record Query(LogTable table, Instant ingestedAfter, Instant ingestedUpTo, Instant tgFrom, Instant tgTo,
                        Set<String> registries) {}

    public synchronized List<Row> query(Query q) {
        Instant now = clock.instant();
        advanceTo(now);
        Map<List<Object>, long[]> counts = new LinkedHashMap<>();
        Map<List<Object>, double[]> delays = new LinkedHashMap<>();
        Map<List<Object>, Instant> maxIngestion = new LinkedHashMap<>();
        for (SimEvent e : events) {
            if (!matches(q, e, now)) {
                continue;
            }
            boolean detail = e.isFailure() || expectedCaller.test(e);
            List<Object> key = List.of(e.timeGenerated().truncatedTo(ChronoUnit.MINUTES), e.loginServer(),
                    e.operation(), e.status(), detail ? e.identity() : "", detail ? e.callerIp() : "",
                    detail && q.table() == LogTable.REPOSITORY ? e.repository() : "");
            counts.computeIfAbsent(key, k -> new long[1])[0]++;
            double delay = Duration.between(e.timeGenerated(), e.ingestionTime()).toMillis() / 1000.0;
            double[] d = delays.computeIfAbsent(key, k -> new double[2]);
            d[0] += delay;
            d[1] = Math.max(d[1], delay);
            maxIngestion.merge(key, e.ingestionTime(), (a, b) -> a.isAfter(b) ? a : b);
        }
        List<Row> rows = new ArrayList<>(counts.size());
        counts.forEach((k, c) -> rows.add(new Row((Instant) k.get(0), (String) k.get(1), (String) k.get(2),
                (String) k.get(3), (String) k.get(4), (String) k.get(5), (String) k.get(6), c[0],
                maxIngestion.get(k), delays.get(k)[0], delays.get(k)[1])));
        return rows;
    }

    /** Every event generated so far (for tests that compare what the daemon counted). */
    public synchronized List<SimEvent> eventsUpTo(Instant ingestedUpTo) {
        advanceTo(clock.instant());
        return events.stream().filter(e -> !e.ingestionTime().isAfter(ingestedUpTo)).toList();
    }

    private static boolean matches(Query q, SimEvent e, Instant now) {
        Instant ing = e.ingestionTime();
        return e.table() == q.table()
                && !ing.isAfter(now) // not yet queryable
                && ing.isAfter(q.ingestedAfter()) && !ing.isAfter(q.ingestedUpTo())
                && !e.timeGenerated().isBefore(q.tgFrom()) && !e.timeGenerated().isAfter(q.tgTo())
                && (q.registries().isEmpty() || q.registries().contains(e.loginServer().toLowerCase(Locale.ROOT)));
    }

    private void advanceTo(Instant now) {
        while (!generatedUntil.plusSeconds(1).isAfter(now)) {
            Instant second = generatedUntil;
            story.generateSecond(second, rnd, e -> {
                Instant tg = second.plusMillis(rnd.nextInt(1000));
                events.add(new SimEvent(e.table(), tg, tg.plus(ingestionDelay()), e.loginServer(), e.operation(),
                        e.status(), e.identity(), e.callerIp(), e.repository()));
            });
            generatedUntil = second.plusSeconds(1);
        }
        if (Duration.between(prunedAt, now).compareTo(Duration.ofMinutes(10)) >= 0) {
            Instant cutoff = now.minus(RETAIN);
            events.removeIf(e -> e.ingestionTime().isBefore(cutoff));
            prunedAt = now;
        }
    }

    /** Mostly 20–60 s, with a tail up to 3 min. */
    private Duration ingestionDelay() {
        double tail = -Math.log(1 - rnd.nextDouble()) * 20_000;
        long millis = MIN_DELAY.toMillis() + (long) Math.min(tail, MAX_DELAY.minus(MIN_DELAY).toMillis());
        return Duration.ofMillis(millis);
    }
}
