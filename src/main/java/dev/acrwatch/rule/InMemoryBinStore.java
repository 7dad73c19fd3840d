package dev.acrwatch.rule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Bins held in memory; bounded in time by pruning to the longest history the rules need, and per minute
 * by {@code maxBinsPerMinute}: past it, new identity / IP / repository detail is folded into the
 * detail-less bin, so a flood of random identities keeps every count but not every name. Thread-safe.
 */
public final class InMemoryBinStore implements BinStore {

    public static final int DEFAULT_MAX_BINS_PER_MINUTE = 5_000;

    private final NavigableMap<Instant, Map<BinDims, Long>> byMinute = new TreeMap<>();
    private final int maxBinsPerMinute;

    public InMemoryBinStore() {
        this(DEFAULT_MAX_BINS_PER_MINUTE);
    }

    public InMemoryBinStore(int maxBinsPerMinute) {
        if (maxBinsPerMinute < 1) {
            throw new IllegalArgumentException("maxBinsPerMinute must be >= 1, found " + maxBinsPerMinute);
        }
        this.maxBinsPerMinute = maxBinsPerMinute;
    }

    /** Rebuilt from persisted rows (rows of the same bin are summed). */
    public InMemoryBinStore(Collection<BinRow> rows) {
        this(DEFAULT_MAX_BINS_PER_MINUTE);
        rows.forEach(this::add);
    }

    @Override
    public synchronized void add(BinRow row) {
        if (row.count() == 0) {
            return;
        }
        Map<BinDims, Long> minute = byMinute.computeIfAbsent(row.minute(), m -> new HashMap<>());
        BinDims dims = row.dims();
        if (minute.size() >= maxBinsPerMinute && !minute.containsKey(dims)) {
            dims = new BinDims(dims.workspace(), dims.registry(), dims.table(), dims.failureClass(), dims.reason(),
                    dims.operation(), "", "", "");
        }
        minute.merge(dims, row.count(), Long::sum);
    }

    @Override
    public synchronized List<BinRow> rows(Instant from, Instant to) {
        List<BinRow> out = new ArrayList<>();
        if (!from.isBefore(to)) {
            return out;
        }
        for (var e : byMinute.subMap(from, true, to, false).entrySet()) {
            e.getValue().forEach((dims, count) -> out.add(new BinRow(e.getKey(), dims, count)));
        }
        return out;
    }

    @Override
    public synchronized void pruneBefore(Instant cutoff) {
        byMinute.headMap(cutoff, false).clear();
    }

    @Override
    public synchronized List<BinRow> all() {
        return rows(Instant.MIN, Instant.MAX);
    }

    /** Number of bins held, for a memory gauge. */
    public synchronized int size() {
        return byMinute.values().stream().mapToInt(Map::size).sum();
    }
}
