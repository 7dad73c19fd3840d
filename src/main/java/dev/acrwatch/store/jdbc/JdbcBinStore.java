package dev.acrwatch.store.jdbc;

import dev.acrwatch.rule.BinRow;
import dev.acrwatch.rule.BinStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Window bins in the state store database; each call is its own transaction. A poll adds its rows through
 * {@link JdbcTransaction#addBins} instead, so they commit with the watermark. Unlike InMemoryBinStore it
 * does not fold detail past a per-minute cap (not yet).
 */
public final class JdbcBinStore implements BinStore {

    private final JdbcDatabase db;

    JdbcBinStore(JdbcDatabase db) {
        this.db = db;
    }

    @Override
    public void add(BinRow row) {
        call("add", c -> {
            BinSql.add(c, db.dialect(), row);
            return null;
        });
    }

    @Override
    public List<BinRow> rows(Instant from, Instant to) {
        return call("rows", c -> BinSql.rows(c, from, to));
    }

    @Override
    public void pruneBefore(Instant cutoff) {
        call("pruneBefore", c -> {
            BinSql.pruneBefore(c, cutoff);
            return null;
        });
    }

    @Override
    public List<BinRow> all() {
        return rows(Instant.MIN, Instant.MAX);
    }

    private <T> T call(String op, JdbcOutbox.SqlCall<T> body) {
        try (Connection c = db.connect()) {
            return body.run(c);
        } catch (SQLException e) {
            throw new StoreException("bin store " + op + " on " + db.describe() + " failed: " + e.getSQLState(), e);
        }
    }
}
