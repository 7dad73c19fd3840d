package dev.acrwatch.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acrwatch.event.LogTable;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SplittingEventSourceTest {

    static final Instant T0 = Instant.parse("2026-11-23T21:00:00Z");
    static final IngestionInterval MINUTE = new IngestionInterval(T0, T0.plusSeconds(60));

    @Test
    void smallResultIsReturnedAsIsWithOneQuery() throws Exception {
        ScriptedSource inner = new ScriptedSource(i -> ScriptedSource.batch(i, 2));
        EventBatch b = new SplittingEventSource(inner, 3, Duration.ofSeconds(1)).fetch(LogTable.LOGIN, MINUTE);
        assertThat(b.rows()).hasSize(2);
        assertThat(b.queriesSent()).isEqualTo(1);
        assertThat(inner.asked).containsExactly(MINUTE);
    }

    @Test
    void resultAtTheSplitThresholdIsDiscardedAndBothHalvesAreAskedAndJoined() throws Exception {
        // Whole minute: 3 rows (too many); each half: 1 row.
        ScriptedSource inner = new ScriptedSource(i -> ScriptedSource.batch(i, i.equals(MINUTE) ? 3 : 1));
        EventBatch b = new SplittingEventSource(inner, 3, Duration.ofSeconds(1)).fetch(LogTable.LOGIN, MINUTE);
        IngestionInterval[] halves = MINUTE.halves();
        assertThat(inner.asked).containsExactly(MINUTE, halves[0], halves[1]);
        assertThat(b.interval()).isEqualTo(MINUTE);
        assertThat(b.rows()).hasSize(2);
        assertThat(b.rows().get(0).minute()).isEqualTo(halves[0].toInclusive());
        assertThat(b.rows().get(1).minute()).isEqualTo(halves[1].toInclusive());
        assertThat(b.queriesSent()).isEqualTo(3);
    }

    @Test
    void theThresholdCountsTheServicesResultRowsNotTheCountsTheyUnpackTo() throws Exception {
        // One result row packing five caller IPs is one row against the API's cap: no split. Halves
        // that are asked report their own result rows, and the joined batch their sum.
        ScriptedSource packed = new ScriptedSource(i -> {
            EventBatch five = ScriptedSource.batch(i, 5);
            return new EventBatch(i, five.rows(), 1, 1);
        });
        EventBatch b = new SplittingEventSource(packed, 3, Duration.ofSeconds(1)).fetch(LogTable.LOGIN, MINUTE);
        assertThat(b.rows()).hasSize(5);
        assertThat(b.resultRows()).isEqualTo(1);
        assertThat(packed.asked).containsExactly(MINUTE);

        ScriptedSource big = new ScriptedSource(i -> new EventBatch(i, ScriptedSource.batch(i, 1).rows(), 1,
                i.equals(MINUTE) ? 3 : 2));
        EventBatch joined = new SplittingEventSource(big, 3, Duration.ofSeconds(1)).fetch(LogTable.LOGIN, MINUTE);
        assertThat(big.asked).hasSize(3);
        assertThat(joined.resultRows()).isEqualTo(4);
    }

    @Test
    void partialResultSplitsRecursivelyUntilEachPieceIsComplete() throws Exception {
        // Anything longer than 15 s comes back partial.
        ScriptedSource inner = new ScriptedSource(i -> {
            if (i.length().compareTo(Duration.ofSeconds(15)) > 0) {
                throw new SourceException(QueryFailureReason.PARTIAL, "PartialError");
            }
            return ScriptedSource.batch(i, 1);
        });
        EventBatch b = new SplittingEventSource(inner, 100, Duration.ofSeconds(1)).fetch(LogTable.LOGIN, MINUTE);
        assertThat(b.rows()).hasSize(4);
        assertThat(b.queriesSent()).isEqualTo(7); // 1 + 2 + 4
        assertThat(b.rows()).extracting(r -> r.minute()).containsExactly(
                T0.plusSeconds(15), T0.plusSeconds(30), T0.plusSeconds(45), T0.plusSeconds(60));
    }

    @Test
    void stillPartialAtTheMinimumLengthFailsAsPartial() {
        ScriptedSource inner = new ScriptedSource(i -> {
            throw new SourceException(QueryFailureReason.PARTIAL, "PartialError");
        });
        IngestionInterval fourSeconds = new IngestionInterval(T0, T0.plusSeconds(4));
        assertThatThrownBy(() -> new SplittingEventSource(inner, 100, Duration.ofSeconds(1))
                .fetch(LogTable.LOGIN, fourSeconds))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("still gave a partial result at the minimum split length PT1S")
                .satisfies(e -> assertThat(((SourceException) e).reason()).isEqualTo(QueryFailureReason.PARTIAL));
        assertThat(inner.asked).hasSize(3); // 4 s, then its first 2 s half, then that half's first 1 s half
    }

    @Test
    void otherFailuresAreNotSplit() {
        ScriptedSource inner = new ScriptedSource(i -> {
            throw new SourceException(QueryFailureReason.THROTTLED, "429");
        });
        assertThatThrownBy(() -> new SplittingEventSource(inner, 100, Duration.ofSeconds(1)).fetch(LogTable.LOGIN, MINUTE))
                .hasMessage("429");
        assertThat(inner.asked).containsExactly(MINUTE);
    }
}
