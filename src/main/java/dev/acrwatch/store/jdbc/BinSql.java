package dev.acrwatch.store.jdbc;

import dev.acrwatch.event.FailureClass;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.rule.BinDims;
import dev.acrwatch.rule.BinRow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The window_bin statements, shared by the bin store and the poll transaction. */
final class BinSql {

    private static final String COLUMNS = "minute_ns, dims_key, workspace, registry, log_table, failure_class,"
            + " reason, operation, identity, caller_ip, repository, event_count";

    private static final String ADD_POSTGRES = "INSERT INTO window_bin (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (minute_ns, dims_key)"
            + " DO UPDATE SET event_count = window_bin.event_count + EXCLUDED.event_count";

    private static final String ADD_H2 = "MERGE INTO window_bin t USING (SELECT CAST(? AS BIGINT) m,"
            + " CAST(? AS VARCHAR(64)) k) s ON t.minute_ns = s.m AND t.dims_key = s.k"
            + " WHEN MATCHED THEN UPDATE SET event_count = t.event_count + ?"
            + " WHEN NOT MATCHED THEN INSERT (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private BinSql() {
    }

    static void add(Connection c, JdbcDatabase.Dialect dialect, BinRow row) throws SQLException {
        addAll(c, dialect, List.of(row));
    }

    /**
     * Adds rows in one batch: a catch-up poll brings thousands, and a statement round trip each would make it
     * crawl. Rows of the same bin are summed first, so the batch never merges into a row it inserted itself.
     */
    static void addAll(Connection c, JdbcDatabase.Dialect dialect, java.util.Collection<BinRow> rows)
            throws SQLException {
        java.util.Map<List<Object>, BinRow> summed = new java.util.LinkedHashMap<>();
        for (BinRow r : rows) {
            if (r.count() != 0) {
                summed.merge(List.of(r.minute(), r.dims()), r,
                        (a, b) -> new BinRow(a.minute(), a.dims(), a.count() + b.count()));
            }
        }
        if (summed.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(dialect == JdbcDatabase.Dialect.H2 ? ADD_H2 : ADD_POSTGRES)) {
            for (BinRow row : summed.values()) {
                bind(ps, dialect, row);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void bind(PreparedStatement ps, JdbcDatabase.Dialect dialect, BinRow row) throws SQLException {
        String key = key(row.dims());
        {
            int i = 1;
            if (dialect == JdbcDatabase.Dialect.H2) {
                ps.setLong(i++, Nanos.of(row.minute()));
                ps.setString(i++, key);
                ps.setLong(i++, row.count());
            }
            BinDims d = row.dims();
            ps.setLong(i++, Nanos.of(row.minute()));
            ps.setString(i++, key);
            ps.setString(i++, d.workspace());
            ps.setString(i++, d.registry());
            ps.setString(i++, d.table().name());
            ps.setString(i++, d.failureClass().name());
            ps.setString(i++, d.reason());
            ps.setString(i++, d.operation());
            ps.setString(i++, d.identity());
            ps.setString(i++, d.callerIp());
            ps.setString(i++, d.repository());
            ps.setLong(i, row.count());
        }
    }

    static List<BinRow> rows(Connection c, Instant from, Instant to) throws SQLException {
        List<BinRow> out = new ArrayList<>();
        if (!from.isBefore(to)) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM window_bin"
                + " WHERE minute_ns >= ? AND minute_ns < ? ORDER BY minute_ns, dims_key")) {
            ps.setLong(1, Nanos.of(from));
            ps.setLong(2, Nanos.of(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    BinDims dims = new BinDims(rs.getString("workspace"), rs.getString("registry"),
                            LogTable.valueOf(rs.getString("log_table")),
                            FailureClass.valueOf(rs.getString("failure_class")), rs.getString("reason"),
                            rs.getString("operation"), rs.getString("identity"), rs.getString("caller_ip"),
                            rs.getString("repository"));
                    out.add(new BinRow(Nanos.instant(rs.getLong("minute_ns")), dims, rs.getLong("event_count")));
                }
            }
        }
        return out;
    }

    static void pruneBefore(Connection c, Instant cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM window_bin WHERE minute_ns < ?")) {
            ps.setLong(1, Nanos.of(cutoff));
            ps.executeUpdate();
        }
    }

    /** SHA-256 of the dims: a fixed-size key however long the (log-supplied) values are. */
    static String key(BinDims d) {
        return sha256(String.join("\u0000", d.workspace(), d.registry(), d.table().name(), d.failureClass().name(),
                d.reason(), d.operation(), d.identity(), d.callerIp(), d.repository()));
    }

    static String sha256(String s) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
