package dev.acrwatch.store;

import dev.acrwatch.event.LogTable;
import java.time.Instant;
import java.util.Optional;

/**
 * Port: everything a node needs to continue another node's work. For now it holds watermarks;
 * window bins, alert states and the outbox join it with the alerting and HA work.
 */
public interface StateStore {

    /** The ingestion time up to which (inclusive) this workspace/table has been processed. */
    Optional<Instant> watermark(String workspace, LogTable table);

    /** Runs {@code work} in one transaction; the watermark write inside it commits with the rest. */
    void inTransaction(Work work);

    /** The writes one poll makes; committed together or not at all. */
    interface Transaction {
        void setWatermark(String workspace, LogTable table, Instant watermark);
    }

    @FunctionalInterface
    interface Work {
        void run(Transaction tx);
    }
}
