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
