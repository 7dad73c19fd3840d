package dev.acrwatch.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.source.EventBatch;
import dev.acrwatch.source.EventSource;
import dev.acrwatch.source.QueryFailureReason;
import dev.acrwatch.source.SourceException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BacktestIntervalTest {

    private static final Instant FROM = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void theIntervalIsReadInWholeChunksAndAShorterLastOneBothTablesEach() throws Exception {
        List<String> asked = new ArrayList<>();
        List<String> progress = new ArrayList<>();
        List<EventCount> rows = new ArrayList<>();
        EventSource source = (table, interval) -> {
            asked.add(table.label() + " " + interval);
            EventCount row = new EventCount(table, interval.fromExclusive(), "contoso.azurecr.io", "Pull", "200", "",
                    "", "", 1, interval.fromExclusive(), 0, 0);
            return new EventBatch(interval, List.of(row), 1);
        };

        long n = BacktestInterval.read(source, FROM, Instant.parse("2026-11-23T12:30:00Z"), BacktestInterval.CHUNK,
                rows::add, (done, total, chunk, r, q) -> progress.add(done + "/" + total + " " + r + " " + q));

        assertThat(n).isEqualTo(6);
        assertThat(rows).hasSize(6);
        assertThat(asked).containsExactly(
                "login (2026-11-23T10:00:00Z, 2026-11-23T11:00:00Z]",
                "repository (2026-11-23T10:00:00Z, 2026-11-23T11:00:00Z]",
                "login (2026-11-23T11:00:00Z, 2026-11-23T12:00:00Z]",
                "repository (2026-11-23T11:00:00Z, 2026-11-23T12:00:00Z]",
                "login (2026-11-23T12:00:00Z, 2026-11-23T12:30:00Z]",
                "repository (2026-11-23T12:00:00Z, 2026-11-23T12:30:00Z]");
        assertThat(progress).containsExactly("1/3 2 2", "2/3 4 4", "3/3 6 6");
    }

    @Test
    void aChunkThatCannotBeReadStopsTheReadWithTheSourcesReason() {
        EventSource source = (table, interval) -> {
            throw new SourceException(QueryFailureReason.AUTH, "workspace prod: 403");
        };

        assertThatThrownBy(() -> BacktestInterval.read(source, FROM, FROM.plusSeconds(60), BacktestInterval.CHUNK,
                r -> { }, (d, t, c, r, q) -> { }))
                .isInstanceOf(SourceException.class).hasMessage("workspace prod: 403");
    }

    @Test
    void anEmptyIntervalIsRefused() {
        assertThatThrownBy(() -> BacktestInterval.read((t, i) -> null, FROM, FROM, BacktestInterval.CHUNK,
                r -> { }, (d, t, c, r, q) -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("from 2026-11-23T10:00:00Z must be before to 2026-11-23T10:00:00Z");
    }
}
