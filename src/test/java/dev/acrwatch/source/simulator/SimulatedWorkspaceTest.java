package dev.acrwatch.source.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acrwatch.event.LogTable;
import dev.acrwatch.source.simulator.DemoStory.Phase;
import dev.acrwatch.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulatedWorkspaceTest {

    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant FAR_PAST = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant FAR_FUTURE = Instant.parse("2026-12-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final DemoStory story = new DemoStory(START, Duration.ofMinutes(10));
    private final SimulatedWorkspace ws = new SimulatedWorkspace(story, clock, 42, START);

    @Test
    void consecutiveIngestionIntervalsSeeEveryEventExactlyOnce() {
        clock.set(START.plus(Duration.ofMinutes(30)));
        long inPieces = 0;
        Instant lo = START;
        for (int i = 0; i < 30; i++) {
            Instant hi = START.plus(Duration.ofMinutes(i + 1));
            inPieces += total(ws.query(query(LogTable.REPOSITORY, lo, hi)));
            lo = hi;
        }
        long whole = total(ws.query(query(LogTable.REPOSITORY, START, START.plus(Duration.ofMinutes(30)))));
        assertThat(inPieces).isEqualTo(whole).isGreaterThan(1000);
        assertThat(whole).isEqualTo(ws.eventsUpTo(START.plus(Duration.ofMinutes(30))).stream()
                .filter(e -> e.table() == LogTable.REPOSITORY).count());
    }

    @Test
    void narrowIngestionSlicesCountExactlyTheEventsIngestedInThem() {
        clock.set(START.plus(Duration.ofMinutes(20)));
        List<SimEvent> all = ws.eventsUpTo(FAR_FUTURE);
        Instant lo = START;
        for (int i = 1; lo.isBefore(START.plus(Duration.ofMinutes(20))); i++) {
            Instant hi = lo.plusMillis(1_000L + (i * 7_919L) % 13_000); // uneven slices, 1–14 s
            Instant from = lo;
            long expected = all.stream().filter(e -> e.table() == LogTable.LOGIN
                    && e.ingestionTime().isAfter(from) && !e.ingestionTime().isAfter(hi)).count();
            assertThat(total(ws.query(query(LogTable.LOGIN, from, hi)))).as("(%s, %s]", from, hi).isEqualTo(expected);
            lo = hi;
        }
    }

    @Test
    void playsOtherTrafficThanTheStory() {
        Traffic oneLoginASecond = (second, rnd, out) -> out.accept(new SimEvent(LogTable.LOGIN, second, second,
                "bench.azurecr.io", "Login", "401", "ci", "10.0.0.1", ""));
        SimulatedWorkspace bench = new SimulatedWorkspace(oneLoginASecond, clock, 1, START);
        clock.set(START.plus(Duration.ofMinutes(10)));
        assertThat(total(bench.query(query(LogTable.LOGIN, FAR_PAST, FAR_FUTURE)))).isBetween(400L, 600L);
        assertThatThrownBy(bench::story).hasMessageContaining("not the demo story");
    }

    @Test
    void eventsBecomeQueryableOnlyAfterTheirIngestionDelay() {
        clock.set(START.plusSeconds(15));
        assertThat(ws.query(query(LogTable.LOGIN, FAR_PAST, FAR_FUTURE))).isEmpty();
        clock.set(START.plusSeconds(300));
        List<SimulatedWorkspace.Row> rows = ws.query(query(LogTable.LOGIN, FAR_PAST, FAR_FUTURE));
        assertThat(rows).isNotEmpty();
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.delayMaxSeconds()).isBetween(20.0, 180.0);
            assertThat(r.maxIngestion()).isBeforeOrEqualTo(clock.instant());
        });
    }

    @Test
    void successRowsCarryNoCallerDetailButFailuresDo() {
        clock.set(START.plus(Duration.ofMinutes(25)));
        List<SimulatedWorkspace.Row> rows = ws.query(query(LogTable.LOGIN, FAR_PAST, FAR_FUTURE));
        assertThat(rows).filteredOn(r -> r.status().equals("200")).isNotEmpty().allSatisfy(r -> {
            assertThat(r.identity()).isEmpty();
            assertThat(r.callers()).containsExactly(new SimulatedWorkspace.Caller("", r.count()));
        });
        assertThat(rows).filteredOn(r -> r.status().equals("401") && r.identity().equals(DemoStory.CI_SP))
                .isNotEmpty().allSatisfy(r -> assertThat(r.callers())
                        .allSatisfy(c -> assertThat(c.ip()).startsWith("20.42.5.")));
    }

    @Test
    void aStormMinuteIsOneRowPerIdentityWithItsIpsPackedAndEveryEventCounted() {
        // 3 identities from 50 IPs (each IP one identity's), 30 failed logins a second, for one minute.
        Traffic storm = (second, rnd, out) -> {
            if (second.isBefore(START.plus(Duration.ofMinutes(1)))) {
                for (int i = 0; i < 30; i++) {
                    int ip = rnd.nextInt(50);
                    out.accept(new SimEvent(LogTable.LOGIN, second, second, "r.azurecr.io", "Login", "401",
                            "sp-ci-" + ip % 3, "20.42.5." + (10 + ip), ""));
                }
            }
        };
        SimulatedWorkspace stormy = new SimulatedWorkspace(storm, clock, 7, START);
        clock.set(START.plus(Duration.ofMinutes(10)));

        List<SimulatedWorkspace.Row> rows = stormy.query(query(LogTable.LOGIN, FAR_PAST, FAR_FUTURE));

        assertThat(rows).hasSize(3).extracting(SimulatedWorkspace.Row::identity)
                .containsExactlyInAnyOrder("sp-ci-0", "sp-ci-1", "sp-ci-2");
        assertThat(total(rows)).isEqualTo(30 * 60);
        List<SimEvent> events = stormy.eventsUpTo(FAR_FUTURE);
        for (SimulatedWorkspace.Row r : rows) {
            assertThat(r.callers().stream().mapToLong(SimulatedWorkspace.Caller::count).sum()).isEqualTo(r.count());
            for (SimulatedWorkspace.Caller c : r.callers()) {
                assertThat(c.count()).as(c.ip()).isEqualTo(events.stream()
                        .filter(e -> e.identity().equals(r.identity()) && e.callerIp().equals(c.ip())).count());
            }
            assertThat(r.callers()).extracting(SimulatedWorkspace.Caller::ip).doesNotHaveDuplicates()
                    .hasSizeBetween(16, 17);
            assertThat(r.delayMaxSeconds()).isBetween(20.0, 180.0);
            assertThat(r.delaySumSeconds()).isBetween(20.0 * r.count(), 180.0 * r.count());
        }
    }

    @Test
    void aRowPacksAtMostTheQuerysCapOfCallersAndStillCountsEveryEvent() {
        Traffic flood = (second, rnd, out) -> {
            if (second.isBefore(START.plusSeconds(30))) {
                for (int i = 0; i < 50; i++) { // 1,500 distinct IPs in one minute
                    out.accept(new SimEvent(LogTable.LOGIN, second, second, "r.azurecr.io", "Login", "401",
                            "sp", "10.9." + second.getEpochSecond() % 30 + "." + i, ""));
                }
            }
        };
        SimulatedWorkspace flooded = new SimulatedWorkspace(flood, clock, 7, START);
        clock.set(START.plus(Duration.ofMinutes(10)));

        List<SimulatedWorkspace.Row> rows = flooded.query(query(LogTable.LOGIN, FAR_PAST, FAR_FUTURE));

        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.count()).isEqualTo(1500);
            assertThat(r.callers()).hasSize(SimulatedWorkspace.MAX_CALLERS);
        });
    }

    @Test
    void eachPhaseShowsItsFailureAndHealthyShowsNone() {
        clock.set(story.start().plus(story.length()).plus(Duration.ofMinutes(5)));
        List<SimulatedWorkspace.Row> login = ws.query(query(LogTable.LOGIN, FAR_PAST, FAR_FUTURE));
        List<SimulatedWorkspace.Row> repo = ws.query(query(LogTable.REPOSITORY, FAR_PAST, FAR_FUTURE));
        assertThat(phasesOf(login, "401", DemoStory.CI_SP)).containsOnly(Phase.SECRET_EXPIRED);
        assertThat(phasesOf(repo, "403", DemoStory.DEPLOY_MI)).containsOnly(Phase.PULL_ROLE_REMOVED);
        assertThat(phasesOf(repo, "429", DemoStory.AKS_DEV)).containsOnly(Phase.THROTTLED);
        assertThat(ws.eventsUpTo(FAR_FUTURE)).filteredOn(e -> e.identity().equals(DemoStory.AKS_PROD_POOL2))
                .isNotEmpty().noneMatch(e -> story.phaseAt(e.timeGenerated()) == Phase.FIREWALL_DROP);
    }

    @Test
    void eventsOlderThanAnyPollCanAskForAreDroppedSoALongDemoStaysSmall() {
        clock.set(START.plus(Duration.ofHours(9)));
        List<SimEvent> kept = ws.eventsUpTo(FAR_FUTURE);
        assertThat(kept).isNotEmpty().allSatisfy(e -> assertThat(e.ingestionTime())
                .isAfterOrEqualTo(clock.instant().minus(SimulatedWorkspace.RETAIN)));
        Instant recent = clock.instant().minus(Duration.ofHours(1));
        assertThat(total(ws.query(query(LogTable.LOGIN, recent, clock.instant())))).isPositive();
    }

    @Test
    void registryFilterKeepsOnlyNamedRegistries() {
        clock.set(START.plus(Duration.ofMinutes(10)));
        var q = new SimulatedWorkspace.Query(LogTable.LOGIN, FAR_PAST, FAR_FUTURE, FAR_PAST, FAR_FUTURE,
                Set.of(DemoStory.DEV));
        assertThat(ws.query(q)).isNotEmpty().allSatisfy(r -> assertThat(r.loginServer()).isEqualTo(DemoStory.DEV));
    }

    @Test
    void parserReadsBindingsFilterAndTimespanAndRejectsOtherQueries() {
        String kql = """
                let lo = datetime(2026-11-23T10:00:00.0000000Z);
                let hi = datetime(2026-11-23T10:01:00.0000000Z);
                ContainerRegistryLoginEvents
                | where ingestion_time() > lo and ingestion_time() <= hi
                | where LoginServer in~ ("a.azurecr.io", "B.azurecr.io")
                | summarize Count = sum(Count), Callers = make_list(pack_array(CallerIpAddress, Count), 1000) by Minute
                """;
        var q = SimQueryParser.parse(kql, "2026-11-21T10:00:00Z/2026-11-23T10:01:00Z");
        assertThat(q.table()).isEqualTo(LogTable.LOGIN);
        assertThat(q.ingestedAfter()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
        assertThat(q.ingestedUpTo()).isEqualTo(Instant.parse("2026-11-23T10:01:00Z"));
        assertThat(q.tgFrom()).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(q.registries()).containsExactly("a.azurecr.io", "b.azurecr.io");
        assertThatThrownBy(() -> SimQueryParser.parse("ContainerRegistryLoginEvents | take 10", null))
                .hasMessageContaining("ingestion_time() > ");
        assertThatThrownBy(() -> SimQueryParser.parse(kql.replace("Callers = ", "Ips = "), null))
                .hasMessageContaining("only rows with packed callers");
        assertThatThrownBy(() -> SimQueryParser.parse("Heartbeat | take 1", null))
                .hasMessageContaining("only the two ACR tables");
    }

    private Set<Phase> phasesOf(List<SimulatedWorkspace.Row> rows, String status, String identity) {
        return rows.stream().filter(r -> r.status().equals(status) && r.identity().equals(identity))
                .map(r -> story.phaseAt(r.minute().plusSeconds(30)))
                .collect(java.util.stream.Collectors.toSet());
    }

    private static SimulatedWorkspace.Query query(LogTable table, Instant after, Instant upTo) {
        return new SimulatedWorkspace.Query(table, after, upTo, FAR_PAST, FAR_FUTURE, Set.of());
    }

    private static long total(List<SimulatedWorkspace.Row> rows) {
        return rows.stream().mapToLong(SimulatedWorkspace.Row::count).sum();
    }
}
