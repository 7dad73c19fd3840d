package dev.acrwatch.bench.jmh;

import dev.acrwatch.event.FailureClass;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.rule.BinDims;
import dev.acrwatch.rule.BinRow;
import dev.acrwatch.rule.InMemoryBinStore;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Window bins: adding a poll's rows, and reading a 5-minute window back, at 2,000 bins a minute. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BinsBench {

    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    static final int PER_MINUTE = 2_000;

    private BinRow[] poll;
    private InMemoryBinStore filled;
    private int minute;

    @Setup(Level.Trial)
    public void setUp() {
        poll = new BinRow[PER_MINUTE];
        for (int i = 0; i < PER_MINUTE; i++) {
            poll[i] = new BinRow(T0, dims(i), 1 + i % 7);
        }
        filled = new InMemoryBinStore();
        for (int m = 0; m < 60; m++) {
            for (int i = 0; i < PER_MINUTE; i++) {
                filled.add(new BinRow(T0.plusSeconds(60L * m), dims(i), 1 + i % 7));
            }
        }
    }

    static BinDims dims(int i) {
        FailureClass c = i % 4 == 0 ? FailureClass.OK : i % 4 == 1 ? FailureClass.UNAUTHORIZED
                : i % 4 == 2 ? FailureClass.FORBIDDEN : FailureClass.THROTTLED;
        boolean detail = c != FailureClass.OK;
        return new BinDims("ws", "reg" + (i % 20) + ".azurecr.io", LogTable.LOGIN, c, "none", "Login",
                detail ? "id-" + i : "", detail ? "10.0." + (i >> 8) + "." + (i & 255) : "", "");
    }

    /** One poll's 2,000 rows into a fresh minute (the per-commit cost). */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public InMemoryBinStore addPollOf2000Rows() {
        InMemoryBinStore store = new InMemoryBinStore();
        for (BinRow r : poll) {
            store.add(r);
        }
        return store;
    }

    /** A 5-minute window out of an hour of bins (what a rule reads each evaluation). */
    @Benchmark
    public List<BinRow> readFiveMinuteWindow() {
        Instant from = T0.plusSeconds(60L * (minute++ % 55));
        return filled.rows(from, from.plusSeconds(300));
    }
}
