package dev.acrwatch.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acrwatch.event.TopCallers.Entry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopCallersTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private static Instant min(int m) {
        return T0.plus(Duration.ofMinutes(m));
    }

    @Test
    void ranksKeysByTheirSumAcrossBinsHighestFirst() {
        TopCallers top = new TopCallers(Duration.ofHours(1));
        top.add(min(0), "alice", 3);
        top.add(min(1), "bob", 5);
        top.add(min(2), "alice", 4);
        top.add(min(2), "carol", 1);

        assertThat(top.top(10, min(3)))
                .containsExactly(new Entry("alice", 7), new Entry("bob", 5), new Entry("carol", 1));
    }

    @Test
    void returnsOnlyTheFirstNAndBreaksTiesByKey() {
        TopCallers top = new TopCallers(Duration.ofHours(1));
        top.add(min(0), "zed", 2);
        top.add(min(0), "amy", 2);
        top.add(min(0), "max", 9);

        assertThat(top.top(2, min(1))).containsExactly(new Entry("max", 9), new Entry("amy", 2));
    }

    @Test
    void binsOlderThanTheWindowStopCountingAndKeysWithNothingLeftAreForgotten() {
        TopCallers top = new TopCallers(Duration.ofMinutes(10));
        top.add(min(0), "old", 100);
        top.add(min(5), "both", 1);
        top.add(min(0), "both", 1);

        assertThat(top.top(5, min(10))).containsExactly(new Entry("old", 100), new Entry("both", 2));
        // at 10:10:30 the cutoff is 10:00:30, so the 10:00 bin has left the window
        assertThat(top.top(5, min(10).plusSeconds(30))).containsExactly(new Entry("both", 1));
        assertThat(top.distinctKeys()).isEqualTo(1);
        assertThat(top.top(5, min(16))).isEmpty();
        assertThat(top.isEmpty()).isTrue();
    }

    @Test
    void lateEventsBehindThePrunedCutoffAreIgnored() {
        TopCallers top = new TopCallers(Duration.ofMinutes(10));
        top.prune(min(30));
        top.add(min(5), "late", 50);
        top.add(min(25), "recent", 1);

        assertThat(top.top(5, min(30))).containsExactly(new Entry("recent", 1));
        assertThat(top.distinctKeys()).isEqualTo(1);
    }

    @Test
    void minutesAreTruncatedSoSecondsLandInTheSameBin() {
        TopCallers top = new TopCallers(Duration.ofMinutes(10));
        top.add(min(1).plusSeconds(59), "k", 1);
        top.add(min(1), "k", 1);

        assertThat(top.top(1, min(11))).containsExactly(new Entry("k", 2));
        assertThat(top.top(1, min(11).plusMillis(1))).isEmpty();
    }

    @Test
    void zeroCountsAndNonPositiveNAreNoOps() {
        TopCallers top = new TopCallers(Duration.ofMinutes(10));
        top.add(min(0), "k", 0);
        assertThat(top.isEmpty()).isTrue();
        top.add(min(0), "k", 1);
        assertThat(top.top(0, min(1))).isEmpty();
    }

    @Test
    void aNewKeyBeyondMaxKeysDropsTheSmallerHalfFromTotalsAndBins() {
        TopCallers top = new TopCallers(Duration.ofMinutes(10), 4);
        top.add(min(0), "heavy", 50);
        top.add(min(1), "mid", 3);
        top.add(min(1), "junk-1", 1);
        top.add(min(2), "junk-2", 1);
        assertThat(top.distinctKeys()).isEqualTo(4);

        top.add(min(3), "junk-3", 1);
        top.add(min(3), "heavy", 5);

        assertThat(top.distinctKeys()).isEqualTo(3);
        assertThat(top.top(5, min(4)))
                .containsExactly(new Entry("heavy", 55), new Entry("mid", 3), new Entry("junk-3", 1));
        // The dropped keys left the bins too: when minute 1 leaves the window only mid's 3 goes with it.
        top.add(min(4), "junk-1", 2);
        assertThat(top.top(5, min(11).plusSeconds(30)))
                .containsExactly(new Entry("heavy", 5), new Entry("junk-1", 2), new Entry("junk-3", 1));
    }

    @Test
    void underAFloodOfNewKeysMemoryStaysBoundedAndHeavyHittersStayExact() {
        // Reference: exact counting with no bound. Held counts may only be lower (a dropped key starts
        // again from zero), and the heavy callers, which outweigh any flood key, must be exact.
        java.util.Random rnd = new java.util.Random(7);
        TopCallers top = new TopCallers(Duration.ofMinutes(10), 50);
        java.util.TreeMap<Instant, java.util.Map<String, Long>> refBins = new java.util.TreeMap<>();
        java.util.Map<String, Long> refTotals = new java.util.HashMap<>();
        for (int step = 0; step < 20_000; step++) {
            Instant minute = min(step / 500);
            boolean heavy = rnd.nextInt(4) == 0;
            String key = heavy ? "heavy-" + rnd.nextInt(5) : "flood-" + rnd.nextInt(4000);
            long count = heavy ? 20 + rnd.nextInt(10) : 1 + rnd.nextInt(3);
            top.add(minute, key, count);
            refBins.computeIfAbsent(minute, m -> new java.util.HashMap<>()).merge(key, count, Long::sum);
            refTotals.merge(key, count, Long::sum);
            assertThat(top.distinctKeys()).as("step %d", step).isLessThanOrEqualTo(50);
            if (step % 250 == 0 && step >= 1000) { // by then every heavy caller outweighs any flood key
                Instant now = minute.plusSeconds(30);
                Instant cutoff = now.minus(Duration.ofMinutes(10));
                while (!refBins.isEmpty() && refBins.firstKey().isBefore(cutoff)) {
                    refBins.pollFirstEntry().getValue().forEach((k, c) ->
                            refTotals.computeIfPresent(k, (kk, t) -> t - c == 0 ? null : t - c));
                }
                List<Entry> held = top.top(50, now);
                for (Entry e : held) {
                    assertThat(e.count()).as("step %d key %s", step, e.key()).isLessThanOrEqualTo(refTotals.get(e.key()));
                }
                List<Entry> expected = refTotals.entrySet().stream().map(e -> new Entry(e.getKey(), e.getValue()))
                        .sorted(java.util.Comparator.comparingLong(Entry::count).reversed().thenComparing(Entry::key))
                        .limit(5).toList();
                assertThat(expected).allMatch(e -> e.key().startsWith("heavy-"));
                assertThat(top.top(5, now)).as("step %d", step).isEqualTo(expected);
            }
        }
    }

    @Test
    void rejectsANonPositiveWindow() {
        assertThatThrownBy(() -> new TopCallers(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT0S");
    }
}
