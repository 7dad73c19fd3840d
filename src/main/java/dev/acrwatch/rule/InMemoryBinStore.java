package dev.acrwatch.rule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** Bins held in memory; bounded by pruning to the longest window the rules need. Thread-safe. */
public final class InMemoryBinStore implements BinStore {

    private final NavigableMap<Instant, Map<BinDims, Long>> byMinute = new TreeMap<>();

    public InMemoryBinStore() {}

    /** Rebuilt from persisted rows (rows of the same bin are summed). */
    public InMemoryBinStore(Collection<BinRow> rows) {
        rows.forEach(this::add);
    }

    @Override
    public synchronized void add(BinRow row) {
        if (row.count() == 0) {
            return;
        }
        byMinute.computeIfAbsent(row.minute(), m -> new HashMap<>())
                .merge(row.dims(), row.count(), Long::sum);
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
