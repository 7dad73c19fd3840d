package dev.acrwatch.store;

import dev.acrwatch.alert.Notification;
import dev.acrwatch.notify.DeliveryResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Port: the notification outbox and notification log — every notification is sent, and sent once.
 *
 * <p><b>Never lost:</b> {@link #enqueue} is a plain method so the poll can call it inside its state
 * transaction; the row commits with the alert transition that caused it. An entry leaves the queue only as
 * DELIVERED or DEAD.
 *
 * <p><b>Never twice:</b> the log refuses a second entry with the same (dedupKey, receiver) for as long as the
 * entry is kept (see {@link #prune}), so re-evaluating the same alert state, or two nodes producing the same
 * intent, enqueues once. {@link #claim} is atomic: an entry is IN_FLIGHT for one claimant at a time, fenced by
 * {@link Entry#claimToken()}; a mark with a stale token is refused.
 *
 * <p><b>The one duplicate window:</b> a node that crashes after the receiver accepted a message but before
 * {@link #markDelivered} committed leaves the entry IN_FLIGHT; when its lease expires another node sends it
 * again. No outbox can close this window (the receiver's accept and our commit are two systems). What limits it:
 * the lease (the window is one send per crash, never a loop); the email receiver derives its {@code Message-ID}
 * from a hash of (dedupKey, receiver) so mail clients collapse the copy (not yet done in EmailNotifier); Slack
 * and webhooks show the copy; Alertmanager deduplicates by labels.
 *
 * <p><b>Order:</b> a receiver's entries are claimed in creation order and only from the head: an entry that
 * waits for a retry, or is IN_FLIGHT on another node, blocks the ones behind it for that receiver only.
 */
public interface Outbox {

    /**
     * Adds the notification for its receiver unless the log already holds its (dedupKey, receiver).
     * The entry is due at {@code notification.createdAt()}.
     *
     * @return true when added, false when it was a duplicate
     */
    boolean enqueue(Notification notification);

    /** Read-only: entries a claim would hand out now, each receiver's in order, at most {@code limit}. */
    List<Entry> due(Instant now, int limit);

    /** Receivers with entries that are not yet DELIVERED or DEAD (due or not). */
    List<String> receiversWithWork();

    /**
     * Atomically takes up to {@code limit} entries from the head of {@code receiver}'s queue that are due
     * (PENDING with nextAttemptAt ≤ now, or IN_FLIGHT with an expired lease) and marks them IN_FLIGHT until
     * {@code now + lease}. Returns an empty list when the head is not due or is held by a live lease.
     */
    List<Entry> claim(String receiver, Instant now, Duration lease, int limit);

    /** Ends a claimed entry as DELIVERED; {@code note} explains a skip. False when the claim was lost. */
    boolean markDelivered(Entry claimed, Instant at, Optional<String> note);

    /** Counts a failed attempt and makes the entry PENDING again at {@code nextAttemptAt}. False when the claim was lost. */
    boolean markFailed(Entry claimed, DeliveryResult result, Instant nextAttemptAt);

    /** Ends a claimed entry as DEAD (never retried). {@code countsAsAttempt} when a send was made. False when the claim was lost. */
    boolean markDead(Entry claimed, String reason, boolean countsAsAttempt);

    /** Gives a claimed entry back unsent (PENDING, same nextAttemptAt, attempts unchanged). */
    boolean release(Entry claimed);

    /** PENDING + IN_FLIGHT entries per receiver, for the queue-depth gauge. */
    Map<String, Integer> depthByReceiver();

    /**
     * Forgets DELIVERED and DEAD entries created before {@code cutoff} — and with them their dedup keys, so keep
     * the retention (e.g. 30 days) far longer than any alert could be re-evaluated.
     *
     * @return how many were removed
     */
    int prune(Instant cutoff);

    /** Finds an entry by id (for tests and the CLI). */
    Optional<Entry> find(long id);

    /** Where an entry is in its life. */
    enum State { PENDING, IN_FLIGHT, DELIVERED, DEAD }

    /**
     * One queued notification.
     *
     * @param attempts    sends made so far
     * @param lastReason  why the last attempt failed / why it died / why it was skipped; never a secret
     * @param leaseUntil  while IN_FLIGHT: when another node may take it over
     * @param claimToken  changes on every claim; marks must present the current one
     */
    record Entry(
            long id,
            String dedupKey,
            String receiver,
            Notification notification,
            Instant createdAt,
            int attempts,
            Instant nextAttemptAt,
            Optional<String> lastReason,
            State state,
            Optional<Instant> leaseUntil,
            long claimToken) {

        public Entry {
            Objects.requireNonNull(dedupKey, "dedupKey");
            Objects.requireNonNull(receiver, "receiver");
            Objects.requireNonNull(notification, "notification");
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
            Objects.requireNonNull(lastReason, "lastReason");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(leaseUntil, "leaseUntil");
        }

        /** Keeps log lines short and free of the payload (its strings are attacker-controlled). */
        @Override
        public String toString() {
            return "Entry[id=" + id + ", receiver=" + receiver + ", state=" + state + ", attempts=" + attempts + "]";
        }
    }
}
