package dev.acrwatch.store;

import dev.acrwatch.alert.Notification;
import dev.acrwatch.alert.Silence;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.rule.BinRow;
import dev.acrwatch.rule.BinStore;
import dev.acrwatch.rule.CallerSilenceState;
import dev.acrwatch.rule.RuleCommon;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Port: everything a node needs to continue another node's work — watermarks, window bins, alert states,
 * router state, caller sightings, silences and the outbox. Memory elsewhere is only a cache of it.
 */
public interface StateStore {

    /** The ingestion time up to which (inclusive) this workspace/table has been processed. */
    Optional<Instant> watermark(String workspace, LogTable table);

    /** When a poll of each (workspace, table) last succeeded, on any node. */
    Map<PollKey, Instant> lastPolled();

    /** Runs {@code work} in one transaction; its writes commit together or not at all. */
    void inTransaction(Work work);

    /** The window bins rules read; a poll adds to them through {@link Transaction#addBins}. */
    BinStore bins();

    /** The outbox the dispatcher sends from; evaluations add to it through {@link Transaction#enqueue}. */
    Outbox outbox();

    /**
     * The last committed alerting state. Alerts of rules {@code rules} no longer knows are dropped (a rule
     * removed from the config cannot fire or resolve any more).
     */
    SavedAlerting alerting(Function<String, Optional<RuleCommon>> rules);

    /** Every stored silence (pending, active and recently expired). */
    List<Silence> silences();

    /** Stores a silence, replacing one with the same id; its own transaction. */
    void putSilence(Silence silence);

    /** A (workspace, table) pair. */
    record PollKey(String workspace, LogTable table) {}

    /** The writes of one poll or one evaluation; committed together or not at all. */
    interface Transaction {
        void setWatermark(String workspace, LogTable table, Instant watermark);

        /** Records a successful poll at {@code at} (readiness and the blind check of every node read it). */
        void setLastPolled(String workspace, LogTable table, Instant at);

        /** Adds one poll's bin rows, summed into existing bins. */
        void addBins(Collection<BinRow> rows);

        /** Moves callers' and registries' last-seen times forward (never back). */
        void mergeCallerSightings(CallerSilenceState seen);

        /** The stored caller sightings. */
        CallerSilenceState callerState();

        /**
         * Locks the alerting state until this transaction ends, so evaluations never run at once on two
         * nodes, and returns its version (see {@link SavedAlerting#version()}).
         */
        long lockAlerting();

        /** Replaces the alerting state; valid only after {@link #lockAlerting()} in the same transaction. */
        void saveAlerting(SavedAlerting state);

        /** Queues a notification unless the log already holds its (dedupKey, receiver); true when added. */
        boolean enqueue(Notification notification);
    }

    @FunctionalInterface
    interface Work {
        void run(Transaction tx);
    }
}
