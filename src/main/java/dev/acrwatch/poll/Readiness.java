package dev.acrwatch.poll;

import dev.acrwatch.event.LogTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Knows every polled (workspace, table) and when each last polled successfully; ready once each
 * has succeeded at least once. Thread-safe: jobs write, the health endpoint reads.
 */
public final class Readiness {

    private record Key(String workspace, LogTable table) {}

    // A list, not a set, so reasons come out in the order jobs were declared.
    private final CopyOnWriteArrayList<Key> known = new CopyOnWriteArrayList<>();
    private final Map<Key, Instant> lastSuccess = new ConcurrentHashMap<>();
    private volatile Optional<String> storeProblem = Optional.empty();

    /** Declares a (workspace, table) that must succeed once before the daemon is ready. */
    public void register(String workspace, LogTable table) {
        known.addIfAbsent(new Key(workspace, table));
    }

    /** Records a successful poll (including one that found nothing new to ask). */
    public void markSucceeded(String workspace, LogTable table, Instant at) {
        register(workspace, table);
        lastSuccess.merge(new Key(workspace, table), at, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Sets (or clears, with empty) why the state store cannot be used; not ready while set. */
    public void setStoreProblem(Optional<String> problem) {
        storeProblem = problem;
    }

    public boolean isReady() {
        return notReadyReasons().isEmpty();
    }

    /** One line per (workspace, table) without a successful poll yet, e.g. {@code workspace prod table login: no successful poll yet}. */
    public List<String> notReadyReasons() {
        List<String> reasons = new ArrayList<>();
        storeProblem.ifPresent(p -> reasons.add("state store: " + p));
        for (Key k : known) {
            if (!lastSuccess.containsKey(k)) {
                reasons.add("workspace " + k.workspace() + " table " + k.table().label()
                        + ": no successful poll yet");
            }
        }
        return reasons;
    }

    public Optional<Instant> lastSuccess(String workspace, LogTable table) {
        return Optional.ofNullable(lastSuccess.get(new Key(workspace, table)));
    }

    /**
     * The oldest of the workspace's per-table last successes: the time up to which every table of
     * the workspace has been read. Empty when some table never succeeded (or none is known), so a
     * blind table cannot hide behind a healthy one.
     */
    public Optional<Instant> lastSuccess(String workspace) {
        Instant oldest = null;
        for (Key k : known) {
            if (!k.workspace().equals(workspace)) {
                continue;
            }
            Instant t = lastSuccess.get(k);
            if (t == null) {
                return Optional.empty();
            }
            if (oldest == null || t.isBefore(oldest)) {
                oldest = t;
            }
        }
        return Optional.ofNullable(oldest);
    }
}
