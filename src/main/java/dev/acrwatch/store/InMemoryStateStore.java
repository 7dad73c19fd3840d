package dev.acrwatch.store;

import dev.acrwatch.event.LogTable;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A state store that lives as long as the process; writes are applied only if the work returns. */
public final class InMemoryStateStore implements StateStore {

    private final Map<String, Instant> watermarks = new HashMap<>();

    @Override
    public synchronized Optional<Instant> watermark(String workspace, LogTable table) {
        return Optional.ofNullable(watermarks.get(key(workspace, table)));
    }

    @Override
    public synchronized void inTransaction(Work work) {
        Map<String, Instant> pending = new HashMap<>();
        work.run((workspace, table, watermark) -> pending.put(key(workspace, table), watermark));
        watermarks.putAll(pending);
    }

    private static String key(String workspace, LogTable table) {
        return workspace + "\u0000" + table.name();
    }
}
