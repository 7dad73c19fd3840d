package dev.acrwatch.source.export;

/**
 * Recent values of each CSV column, so that a value seen lately is the same String again: exports repeat
 * registries, operations, statuses and callers row after row, and equal Strings that are the same object compare
 * and hash at once downstream. Bounded: a few hundred short values per column, whatever the file holds.
 */
final class FieldCache {

    /** Slots per column (a power of two); a value lands in the slot of its hash, replacing what was there. */
    private static final int SLOTS = 512;
    /** Longer values are not kept: a file of huge distinct fields must not pin them. */
    private static final int MAX_LENGTH = 64;

    private final CsvRecords csv;
    private final String[][] values;
    private final String[] previous;

    FieldCache(CsvRecords csv, int columns) {
        this.csv = csv;
        this.values = new String[columns][];
        this.previous = new String[columns];
    }

    /** Field {@code field} of the current record, as the cached String when one is equal to it. */
    String get(int column, int field) {
        // Most often the previous row's value: one comparison, no hash.
        String last = previous[column];
        if (last != null && csv.fieldEquals(field, last)) {
            return last;
        }
        String v = lookup(column, field);
        previous[column] = v;
        return v;
    }

    private String lookup(int column, int field) {
        int n = csv.fieldLength(field);
        if (n > MAX_LENGTH) {
            return csv.field(field);
        }
        String[] slots = values[column];
        if (slots == null) {
            slots = new String[SLOTS];
            values[column] = slots;
        }
        int h = csv.fieldHash(field);
        int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
        String cached = slots[slot];
        if (cached != null && csv.fieldEquals(field, cached)) {
            return cached;
        }
        String v = csv.field(field);
        slots[slot] = v;
        return v;
    }
}
