package dev.acrwatch.rule;

import static dev.acrwatch.rule.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.acrwatch.event.Classification;
import dev.acrwatch.event.EventCount;
import dev.acrwatch.event.FailureClass;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.poll.ClassifiedCount;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinStoreTest {

    private static ClassifiedCount unauthorized(int minute, long count) {
        var row = new EventCount(LogTable.LOGIN, at(minute).plusSeconds(0), "reg1.azurecr.io", "Login", "401",
                "sp-a", "10.0.0.1", "", count, at(minute + 1), 0, 0);
        return new ClassifiedCount(row, new Classification(FailureClass.UNAUTHORIZED, "rejected_credentials"));
    }

    @Test
    void eachCommittedPollAddsOnceAndRowsOfTheSameBinAreSummed() {
        var bins = new InMemoryBinStore();
        bins.addPoll(WS, List.of(unauthorized(1, 3)));
        bins.addPoll(WS, List.of(unauthorized(1, 4), unauthorized(2, 1)));
        assertThat(bins.rows(at(0), at(10))).extracting(BinRow::minute, BinRow::count)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(at(1), 7L),
                        org.assertj.core.groups.Tuple.tuple(at(2), 1L));
        assertThat(bins.size()).isEqualTo(2);
    }

    @Test
    void binsKeepWorkspaceRegistryClassReasonAndFailureDetail() {
        var bins = new InMemoryBinStore();
        bins.addPoll(WS, List.of(unauthorized(1, 3)));
        assertThat(bins.all()).singleElement().satisfies(b -> assertThat(b.dims()).isEqualTo(
                new BinDims(WS, "reg1.azurecr.io", LogTable.LOGIN, FailureClass.UNAUTHORIZED, "rejected_credentials",
                        "Login", "sp-a", "10.0.0.1", "")));
    }

    @Test
    void pruneDropsBinsOlderThanTheCutoffOnly() {
        var bins = store(ok(0, "r", 1), ok(1, "r", 1), ok(2, "r", 1));
        bins.pruneBefore(at(1));
        assertThat(bins.all()).extracting(BinRow::minute).containsExactlyInAnyOrder(at(1), at(2));
    }

    @Test
    void storeRebuiltFromItsPlainRowsHoldsTheSameBins() {
        var bins = store(ok(0, "r", 1), login(0, "r", FailureClass.FORBIDDEN, "x", "", 2), ok(5, "r", 7));
        var copy = new InMemoryBinStore(bins.all());
        assertThat(copy.all()).containsExactlyInAnyOrderElementsOf(bins.all());
    }

    @Test
    void floodOfDistinctIdentitiesKeepsEveryCountButFoldsDetailPastTheCap() {
        var bins = new InMemoryBinStore(3);
        for (int i = 0; i < 10; i++) {
            bins.add(login(1, "r", FailureClass.UNAUTHORIZED, "random-" + i, "10.0.0." + i, 2));
        }
        assertThat(bins.size()).isEqualTo(4); // 3 detailed bins + 1 folded
        assertThat(bins.all().stream().mapToLong(BinRow::count).sum()).isEqualTo(20);
        assertThat(bins.all()).filteredOn(b -> b.dims().identity().isEmpty()).singleElement()
                .satisfies(b -> assertThat(b.count()).isEqualTo(14));
    }

    @Test
    void aFloodOfDistinctIdentitiesInOneMinuteKeepsEveryCountButOnlyTheLargestCallersNames() {
        java.util.List<BinRow> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            rows.add(new BinRow(at(1), new BinDims(WS, "reg1.azurecr.io", LogTable.LOGIN, FailureClass.UNAUTHORIZED,
                    "rejected_credentials", "Login", "id-" + i, "10.0.0.1", ""), i + 1));
        }
        rows.add(new BinRow(at(2), new BinDims(WS, "reg1.azurecr.io", LogTable.LOGIN, FailureClass.UNAUTHORIZED,
                "rejected_credentials", "Login", "other-minute", "10.0.0.1", ""), 5));

        java.util.List<BinRow> folded = BinStore.foldDetailPast(rows, 10);

        assertThat(folded.stream().mapToLong(BinRow::count).sum()).isEqualTo(rows.stream().mapToLong(BinRow::count).sum());
        assertThat(folded).filteredOn(r -> r.minute().equals(at(1)) && !r.dims().identity().isEmpty())
                .extracting(r -> r.dims().identity()).hasSize(10).doesNotContain("id-0", "id-1");
        assertThat(folded).filteredOn(r -> r.dims().identity().isEmpty()).extracting(BinRow::count)
                .containsExactlyInAnyOrder(1L, 2L);
        assertThat(folded).filteredOn(r -> r.minute().equals(at(2))).extracting(r -> r.dims().identity())
                .containsExactly("other-minute");
    }
}
