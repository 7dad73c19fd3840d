package dev.acrwatch.rule;

import dev.acrwatch.poll.ClassifiedCount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Per-minute event counts by TimeGenerated, which rules evaluate over. Rows are added once per
 * committed poll; since a poll's rows are exactly-once by ingestion time, adding never double counts,
 * and a late event simply adds to its own (old) minute.
 */
public interface BinStore {

    /** Adds {@code row.count()} to the bin of its minute and dims. */
    void add(BinRow row);

    /** Rows whose minute is in [from, to), in minute order. */
    List<BinRow> rows(Instant from, Instant to);

    /** Drops every bin older than {@code cutoff} (minute < cutoff). */
    void pruneBefore(Instant cutoff);

    /** Every bin, for persisting. */
    List<BinRow> all();

    /** Adds one committed poll's classified rows of {@code workspace}. */
    default void addPoll(String workspace, Collection<ClassifiedCount> rows) {
        for (BinRow r : toRows(workspace, rows)) {
            add(r);
        }
    }

    /**
     * Caps identity / IP / repository detail at {@code maxPerMinute} bins per minute of one poll: past it, the
     * smallest callers are folded into the detail-less bin of their class. Every count is kept; a flood of
     * made-up identities (log values are attacker-controlled) cannot grow the stored bins, and the time rules
     * take to read them, without bound. The largest callers keep their names, so the top-N stays right.
     */
    static List<BinRow> foldDetailPast(List<BinRow> rows, int maxPerMinute) {
        java.util.Map<java.time.Instant, List<BinRow>> byMinute = new java.util.TreeMap<>();
        rows.forEach(r -> byMinute.computeIfAbsent(r.minute(), m -> new ArrayList<>()).add(r));
        List<BinRow> out = new ArrayList<>(rows.size());
        for (List<BinRow> minute : byMinute.values()) {
            if (minute.size() <= maxPerMinute) {
                out.addAll(minute);
                continue;
            }
            minute.sort(java.util.Comparator.comparingLong(BinRow::count).reversed());
            out.addAll(minute.subList(0, maxPerMinute));
            for (BinRow r : minute.subList(maxPerMinute, minute.size())) {
                BinDims d = r.dims();
                out.add(new BinRow(r.minute(), new BinDims(d.workspace(), d.registry(), d.table(), d.failureClass(),
                        d.reason(), d.operation(), "", "", ""), r.count()));
            }
        }
        return out;
    }

    /** The bin rows a poll's classified rows map to. */
    static List<BinRow> toRows(String workspace, Collection<ClassifiedCount> rows) {
        List<BinRow> out = new ArrayList<>(rows.size());
        for (ClassifiedCount c : rows) {
            var e = c.row();
            if (e.count() == 0) {
                continue;
            }
            BinDims dims = new BinDims(workspace, e.loginServer(), e.table(),
                    c.classification().failureClass(), c.classification().reason(), e.operation(),
                    e.identity(), e.callerIp(), e.repository());
            out.add(new BinRow(e.minute(), dims, e.count()));
        }
        return out;
    }
}
