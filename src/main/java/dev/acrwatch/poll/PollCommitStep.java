package dev.acrwatch.poll;

import dev.acrwatch.store.StateStore;

/**
 * A participant in a poll's commit: writes what it derives from the chunk's rows (window bins,
 * alert transitions, outbox rows) into the same transaction as the new watermark, so either all
 * of it is stored or none of it is.
 */
@FunctionalInterface
public interface PollCommitStep {

    /**
     * Called inside the transaction, before the watermark write. Throwing aborts the whole
     * commit: the watermark stays and the same interval is asked again next poll.
     */
    void write(PollReport pending, StateStore.Transaction tx);
}
