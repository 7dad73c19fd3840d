package dev.acrwatch.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.event.Classifier;
import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.LogTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The previous-row shortcuts in {@link Backtest#accept} must sum as the full lookups do, whatever the order. */
class BacktestRowOrderTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private static List<EventCount> rows() {
        List<EventCount> rows = new ArrayList<>();
        String[] registries = {"contoso.azurecr.io", "Contoso.azurecr.io", "fabrikam.azurecr.io"};
        String[] statuses = {"200", "200", "401", "403", "429", "abc"};
        Random random = new Random(3);
        for (int i = 0; i < 6000; i++) {
            Instant minute = T0.plusSeconds(60L * (i / 200));
            Instant at = minute.plusSeconds(i % 60);
            String status = statuses[random.nextInt(statuses.length)];
            rows.add(new EventCount(random.nextInt(4) == 0 ? LogTable.REPOSITORY : LogTable.LOGIN, minute,
                    registries[random.nextInt(registries.length)], random.nextBoolean() ? "Login" : "Pull", status,
                    random.nextInt(5) == 0 ? "" : "sp-ci-" + random.nextInt(3), "10.0.0." + random.nextInt(4),
                    random.nextBoolean() ? "" : "app/web", 1 + random.nextInt(3), at, 0, 0));
        }
        return rows;
    }

    private static BacktestResult replay(List<EventCount> rows) throws Exception {
        Backtest backtest = new Backtest(BacktestTest.config(""), "prod");
        rows.forEach(backtest::accept);
        return backtest.run();
    }

    @Test
    void sortedRunsAndShuffledRowsGiveTheSameTimelineAndSummary() throws Exception {
        List<EventCount> sorted = rows();
        List<EventCount> shuffled = new ArrayList<>(sorted);
        Collections.shuffle(shuffled, new Random(5));

        BacktestResult a = replay(sorted);
        BacktestResult b = replay(shuffled);

        assertThat(a.timeline()).isNotEmpty().isEqualTo(b.timeline());
        assertThat(a.summary()).isEqualTo(b.summary());
        assertThat(a.events()).isEqualTo(sorted.stream().mapToLong(EventCount::count).sum());
        // Registries are summed without regard to case, as before.
        assertThat(a.summary()).extracting(BacktestResult.SummaryRow::registry)
                .containsOnly("contoso.azurecr.io", "fabrikam.azurecr.io");
        Map<String, Long> expected = new TreeMap<>();
        Classifier classifier = new Classifier();
        for (EventCount r : sorted) {
            expected.merge(r.loginServer().toLowerCase(Locale.ROOT) + " " + classifier.classify(r).failureClass().label(),
                    r.count(), Long::sum);
        }
        Map<String, Long> summed = new TreeMap<>();
        a.summary().forEach(s -> summed.put(s.registry() + " " + s.failureClass(), s.events()));
        assertThat(summed).isEqualTo(expected).containsKey("fabrikam.azurecr.io unknown");
    }
}
