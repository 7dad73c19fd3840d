package dev.acrwatch.event;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Counts per caller (identity or IP) over a trailing TimeGenerated window, in per-minute bins,
 * for one registry and failure class. Pure: the caller passes the time in. Not thread-safe.
 */
public final class TopCallers {

    /** One caller and its count in the window. */
    public record Entry(String key, long count) {}

    // Ties break on the key so the exported top-N is stable between scrapes.
    private static final Comparator<Entry> ORDER =
            Comparator.comparingLong(Entry::count).reversed().thenComparing(Entry::key);

    /** Enough for any honest fleet; a flood of made-up identities stays bounded. */
    public static final int DEFAULT_MAX_KEYS = 10_000;

    private final Duration window;
    private final int maxKeys;
    private final TreeMap<Instant, Map<String, Long>> bins = new TreeMap<>();
    private final Map<String, Long> totals = new HashMap<>();
    private Instant prunedBefore;

    public TopCallers(Duration window) {
        this(window, DEFAULT_MAX_KEYS);
    }

    /**
     * @param maxKeys most distinct keys held; when a new key would pass it, the smaller half of the keys
     *                (by count) is dropped, since callers choose these keys and could otherwise flood memory
     */
    public TopCallers(Duration window, int maxKeys) {
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, found " + window);
        }
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1, found " + maxKeys);
        }
        this.window = window;
        this.maxKeys = maxKeys;
    }

    /**
     * Adds {@code count} events of {@code key} in the minute bin containing {@code minute}.
     * Late events already behind the last pruned cutoff are ignored: they could never be
     * reported again and would only cost memory.
     */
    public void add(Instant minute, String key, long count) {
        Objects.requireNonNull(key, "key");
        if (count <= 0) {
            return;
        }
        Instant bin = minute.truncatedTo(ChronoUnit.MINUTES);
        if (prunedBefore != null && bin.isBefore(prunedBefore)) {
            return;
        }
        if (totals.size() >= maxKeys && !totals.containsKey(key)) {
            dropSmallerHalf();
        }
        bins.computeIfAbsent(bin, b -> new HashMap<>()).merge(key, count, Long::sum);
        totals.merge(key, count, Long::sum);
    }

    /** The {@code n} keys with the highest counts in the window ending at {@code now}, highest first. */
    public List<Entry> top(int n, Instant now) {
        prune(now);
        if (n <= 0 || totals.isEmpty()) {
            return List.of();
        }
        List<Entry> all = new ArrayList<>(totals.size());
        totals.forEach((k, c) -> all.add(new Entry(k, c)));
        all.sort(ORDER);
        return List.copyOf(all.subList(0, Math.min(n, all.size())));
    }

    /**
     * Keeps the larger half of the keys (by count, ties to the smaller key) and forgets the rest, in
     * one pass over the bins. Dropping half at once, not one key per new key, makes a flood of
     * made-up keys cost a sort per half-full table instead of an ordered index updated on every add
     * (which held one 500,000-row poll for ten seconds). A heavy hitter has a large count, so under a
     * flood it is the flood that goes; the top stays right for callers that matter, approximate only
     * at the bottom, where a dropped key starts again from zero.
     */
    private void dropSmallerHalf() {
        List<Entry> all = new ArrayList<>(totals.size());
        totals.forEach((k, c) -> all.add(new Entry(k, c)));
        all.sort(ORDER);
        for (Entry dropped : all.subList(maxKeys / 2, all.size())) {
            totals.remove(dropped.key());
        }
        Iterator<Map<String, Long>> it = bins.values().iterator();
        while (it.hasNext()) {
            Map<String, Long> bin = it.next();
            bin.keySet().retainAll(totals.keySet());
            if (bin.isEmpty()) {
                it.remove();
            }
        }
    }

    /** How many distinct keys are held (for memory bounds and tests). */
    public int distinctKeys() {
        return totals.size();
    }

    public boolean isEmpty() {
        return totals.isEmpty();
    }

    /** Drops bins whose minute starts before {@code now − window}, with their counts. */
    public void prune(Instant now) {
        Instant cutoff = now.minus(window);
        if (prunedBefore == null || cutoff.isAfter(prunedBefore)) {
            prunedBefore = cutoff;
        }
        while (!bins.isEmpty() && bins.firstKey().isBefore(cutoff)) {
            Map<String, Long> old = bins.pollFirstEntry().getValue();
            old.forEach((k, c) -> totals.computeIfPresent(k, (key, total) -> total - c == 0 ? null : total - c));
        }
    }
}
