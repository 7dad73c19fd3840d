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
import java.util.TreeSet;

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

    private static final Comparator<Entry> EVICTION =
            Comparator.comparingLong(Entry::count).thenComparing(Entry::key, Comparator.reverseOrder());

    /** Enough for any honest fleet; a flood of made-up identities stays bounded. */
    public static final int DEFAULT_MAX_KEYS = 10_000;

    private final Duration window;
    private final int maxKeys;
    private final TreeMap<Instant, Map<String, Long>> bins = new TreeMap<>();
    private final Map<String, Long> totals = new HashMap<>();
    /**
     * The same totals ordered for eviction (smallest count first, ties to the largest key), so a flood
     * of new keys costs O(log n) per key: a scan of all keys per eviction made one poll of 450,000
     * made-up identities take half a minute of CPU.
     */
    private final TreeSet<Entry> byCount = new TreeSet<>(EVICTION);
    private Instant prunedBefore;

    public TopCallers(Duration window) {
        this(window, DEFAULT_MAX_KEYS);
    }

    /**
     * @param maxKeys most distinct keys held; beyond it the key with the smallest count is
     *                dropped, since callers choose these keys and could otherwise flood memory
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
        Long old = totals.get(key);
        if (old == null && totals.size() >= maxKeys) {
            evictSmallest();
        }
        bins.computeIfAbsent(bin, b -> new HashMap<>()).merge(key, count, Long::sum);
        setTotal(key, old, (old == null ? 0 : old) + count);
    }

    private void setTotal(String key, Long old, long total) {
        if (old != null) {
            byCount.remove(new Entry(key, old));
        }
        if (total == 0) {
            totals.remove(key);
        } else {
            totals.put(key, total);
            byCount.add(new Entry(key, total));
        }
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

    // A heavy hitter has a large count, so under a flood of one-off keys it is the flood that
    // gets evicted; the top stays right for callers that matter, approximate only at the bottom.
    private void evictSmallest() {
        String victim = byCount.pollFirst().key();
        totals.remove(victim);
        Iterator<Map<String, Long>> it = bins.values().iterator();
        while (it.hasNext()) {
            Map<String, Long> bin = it.next();
            bin.remove(victim);
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
            old.forEach((k, c) -> {
                Long total = totals.get(k);
                if (total != null) {
                    setTotal(k, total, total - c);
                }
            });
        }
    }
}
