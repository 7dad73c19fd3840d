package dev.acrwatch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.acrwatch.event.LogTable;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryStateStoreTest {

    private static final Instant T1 = Instant.parse("2026-11-23T12:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-23T12:01:00Z");

    private final InMemoryStateStore store = new InMemoryStateStore();

    @Test
    void watermarkWrittenInACompletedTransactionIsStoredPerWorkspaceAndTable() {
        store.inTransaction(tx -> {
            tx.setWatermark("prod", LogTable.LOGIN, T1);
            tx.setWatermark("prod", LogTable.REPOSITORY, T2);
        });

        assertThat(store.watermark("prod", LogTable.LOGIN)).contains(T1);
        assertThat(store.watermark("prod", LogTable.REPOSITORY)).contains(T2);
        assertThat(store.watermark("staging", LogTable.LOGIN)).isEmpty();
    }

    @Test
    void transactionThatThrowsWritesNothing() {
        store.inTransaction(tx -> tx.setWatermark("prod", LogTable.LOGIN, T1));

        assertThatThrownBy(() -> store.inTransaction(tx -> {
            tx.setWatermark("prod", LogTable.LOGIN, T2);
            throw new IllegalStateException("crash before commit");
        })).hasMessage("crash before commit");

        assertThat(store.watermark("prod", LogTable.LOGIN)).contains(T1);
    }

    @Test
    void writesAreInvisibleUntilTheTransactionReturns() {
        store.inTransaction(tx -> {
            tx.setWatermark("prod", LogTable.LOGIN, T1);
            assertThat(store.watermark("prod", LogTable.LOGIN)).isEmpty();
        });
    }
}
