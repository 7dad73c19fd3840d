package dev.acrwatch.store;

import dev.acrwatch.alert.Notification;
import dev.acrwatch.notify.DeliveryResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The outbox for a single node and for tests. Every method holds the monitor, which is what makes a claim
 * atomic here; the JDBC outbox gets the same from {@code SELECT … FOR UPDATE SKIP LOCKED} on the receiver's head.
 */
public final class InMemoryOutbox implements Outbox {

    private record Key(String dedupKey, String receiver) {}

    /** Ordered by id, i.e. creation order, which is also each receiver's send order. */
    private final TreeMap<Long, Entry> entries = new TreeMap<>();
    private final Map<Key, Long> log = new HashMap<>();
    private long nextId = 1;
    private long nextToken = 1;

    @Override
    public synchronized boolean enqueue(Notification n) {
        Objects.requireNonNull(n, "notification");
        Key key = new Key(n.dedupKey(), n.receiver());
        if (log.containsKey(key)) {
            return false;
        }
        long id = nextId++;
        entries.put(id, new Entry(id, n.dedupKey(), n.receiver(), n, n.createdAt(), 0, n.createdAt(),
                Optional.empty(), State.PENDING, Optional.empty(), 0));
        log.put(key, id);
        return true;
    }

    @Override
    public synchronized List<Entry> due(Instant now, int limit) {
        List<Entry> out = new ArrayList<>();
        for (List<Entry> queue : openQueues().values()) {
            for (Entry e : queue) {
                if (out.size() >= limit || !claimable(e, now)) {
                    break;
                }
                out.add(e);
            }
        }
        return out;
    }

    @Override
    public synchronized List<String> receiversWithWork() {
        return new ArrayList<>(openQueues().keySet());
    }

    @Override
    public synchronized List<Entry> claim(String receiver, Instant now, Duration lease, int limit) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : openQueues().getOrDefault(receiver, List.of())) {
            if (out.size() >= limit || !claimable(e, now)) {
                break;
            }
            Entry claimed = new Entry(e.id(), e.dedupKey(), e.receiver(), e.notification(), e.createdAt(),
                    e.attempts(), e.nextAttemptAt(), e.lastReason(), State.IN_FLIGHT,
                    Optional.of(now.plus(lease)), nextToken++);
            entries.put(e.id(), claimed);
            out.add(claimed);
        }
        return out;
    }

    @Override
    public synchronized boolean markDelivered(Entry claimed, Instant at, Optional<String> note) {
        if (!holds(claimed)) {
            return false;
        }
        int attempts = note.isPresent() ? claimed.attempts() : claimed.attempts() + 1;
        replace(claimed, attempts, claimed.nextAttemptAt(), note, State.DELIVERED);
        return true;
    }

    @Override
    public synchronized boolean markFailed(Entry claimed, DeliveryResult result, Instant nextAttemptAt) {
        if (!holds(claimed)) {
            return false;
        }
        String reason = result.reason().map(r -> r.label() + ": ").orElse("") + result.message();
        replace(claimed, claimed.attempts() + 1, nextAttemptAt, Optional.of(reason), State.PENDING);
        return true;
    }

    @Override
    public synchronized boolean markDead(Entry claimed, String reason, boolean countsAsAttempt) {
        if (!holds(claimed)) {
            return false;
        }
        replace(claimed, claimed.attempts() + (countsAsAttempt ? 1 : 0), claimed.nextAttemptAt(),
                Optional.of(reason), State.DEAD);
        return true;
    }

    @Override
    public synchronized boolean release(Entry claimed) {
        if (!holds(claimed)) {
            return false;
        }
        replace(claimed, claimed.attempts(), claimed.nextAttemptAt(), claimed.lastReason(), State.PENDING);
        return true;
    }

    @Override
    public synchronized Map<String, Integer> depthByReceiver() {
        Map<String, Integer> depth = new TreeMap<>();
        openQueues().forEach((receiver, queue) -> depth.put(receiver, queue.size()));
        return depth;
    }

    @Override
    public synchronized int prune(Instant cutoff) {
        List<Entry> old = entries.values().stream()
                .filter(e -> (e.state() == State.DELIVERED || e.state() == State.DEAD)
                        && e.createdAt().isBefore(cutoff))
                .toList();
        for (Entry e : old) {
            entries.remove(e.id());
            log.remove(new Key(e.dedupKey(), e.receiver()));
        }
        return old.size();
    }

    @Override
    public synchronized Optional<Entry> find(long id) {
        return Optional.ofNullable(entries.get(id));
    }

    /** Not DELIVERED/DEAD entries grouped by receiver, each list in creation order. */
    private Map<String, List<Entry>> openQueues() {
        Map<String, List<Entry>> queues = new LinkedHashMap<>();
        for (Entry e : entries.values()) {
            if (e.state() == State.PENDING || e.state() == State.IN_FLIGHT) {
                queues.computeIfAbsent(e.receiver(), r -> new ArrayList<>()).add(e);
            }
        }
        return queues;
    }

    private static boolean claimable(Entry e, Instant now) {
        return switch (e.state()) {
            case PENDING -> !e.nextAttemptAt().isAfter(now);
            // lease expired: the node that claimed it died or hung mid-send
            case IN_FLIGHT -> e.leaseUntil().map(until -> !until.isAfter(now)).orElse(true);
            default -> false;
        };
    }

    private boolean holds(Entry claimed) {
        Entry current = entries.get(claimed.id());
        return current != null && current.state() == State.IN_FLIGHT && current.claimToken() == claimed.claimToken();
    }

    private void replace(Entry e, int attempts, Instant next, Optional<String> reason, State state) {
        entries.put(e.id(), new Entry(e.id(), e.dedupKey(), e.receiver(), e.notification(), e.createdAt(),
                attempts, next, reason, state, Optional.empty(), e.claimToken()));
    }
}
