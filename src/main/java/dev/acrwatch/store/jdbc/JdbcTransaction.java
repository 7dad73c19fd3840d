package dev.acrwatch.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrwatch.alert.Notification;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.rule.AlertState;
import dev.acrwatch.rule.BinRow;
import dev.acrwatch.rule.CallerSilenceState;
import dev.acrwatch.store.RouterStateJson;
import dev.acrwatch.store.SavedAlerting;
import dev.acrwatch.store.StateStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Every write one poll or one evaluation makes, on one JDBC connection with auto-commit off: the watermark,
 * window bins, caller sightings, alert states, router state and outbox rows commit together or not at all. Valid only inside
 * {@link JdbcStateStore#inJdbcTransaction}.
 */
public final class JdbcTransaction implements StateStore.Transaction {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection c;
    private final JdbcDatabase.Dialect dialect;
    private boolean locked;

    JdbcTransaction(Connection c, JdbcDatabase.Dialect dialect) {
        this.c = c;
        this.dialect = dialect;
    }

    @Override
    public void setWatermark(String workspace, LogTable table, Instant watermark) {
        run("setWatermark", () -> upsert(dialect == JdbcDatabase.Dialect.H2
                ? "MERGE INTO watermark (workspace, log_table, watermark_ns) KEY (workspace, log_table) VALUES (?, ?, ?)"
                : "INSERT INTO watermark (workspace, log_table, watermark_ns) VALUES (?, ?, ?)"
                        + " ON CONFLICT (workspace, log_table) DO UPDATE SET watermark_ns = EXCLUDED.watermark_ns",
                workspace, table.name(), Nanos.of(watermark)));
    }

    @Override
    public void setLastPolled(String workspace, LogTable table, Instant at) {
        run("setLastPolled", () -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE watermark SET polled_at_ns = ? WHERE workspace = ? AND log_table = ?")) {
                ps.setLong(1, Nanos.of(at));
                ps.setString(2, workspace);
                ps.setString(3, table.name());
                ps.executeUpdate();
            }
        });
    }

    @Override
    public void mergeCallerSightings(CallerSilenceState seen) {
        run("mergeCallerSightings", () -> {
            for (CallerSilenceState.CallerSeen cs : seen.callers()) {
                moveForward("caller_seen", "last_seen_ns", List.of("workspace", "registry", "caller"),
                        List.of(cs.workspace(), cs.registry(), cs.caller()), Nanos.of(cs.lastSeen()));
            }
            for (CallerSilenceState.RegistryTraffic t : seen.registries()) {
                moveForward("registry_traffic", "last_event_ns", List.of("workspace", "registry"),
                        List.of(t.workspace(), t.registry()), Nanos.of(t.lastEvent()));
            }
        });
    }

    /**
     * Sets {@code column} of the row with these keys to {@code value} unless it already holds a later one,
     * inserting the row when missing. Two polls (one per table) may insert the same caller at once: PostgreSQL's
     * ON CONFLICT settles it; on H2 the loser's insert fails with a duplicate key and it updates instead (a
     * failed statement does not end an H2 transaction).
     */
    private void moveForward(String table, String column, List<String> keys, List<String> values, long value)
            throws SQLException {
        String where = String.join(" = ? AND ", keys) + " = ?";
        String insert = "INSERT INTO " + table + " (" + String.join(", ", keys) + ", " + column + ") VALUES ("
                + "?, ".repeat(keys.size()) + "?)";
        if (dialect == JdbcDatabase.Dialect.POSTGRES) {
            try (PreparedStatement ps = c.prepareStatement(insert + " ON CONFLICT (" + String.join(", ", keys)
                    + ") DO UPDATE SET " + column + " = GREATEST(" + table + "." + column + ", EXCLUDED." + column + ")")) {
                bind(ps, values, value);
                ps.executeUpdate();
            }
            return;
        }
        String update = "UPDATE " + table + " SET " + column + " = GREATEST(" + column + ", ?) WHERE " + where;
        if (updateWith(update, values, value) > 0) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            bind(ps, values, value);
            ps.executeUpdate();
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
            updateWith(update, values, value);
        }
    }

    private int updateWith(String update, List<String> values, long value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(update)) {
            ps.setLong(1, value);
            for (int i = 0; i < values.size(); i++) {
                ps.setString(i + 2, values.get(i));
            }
            return ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, List<String> values, long value) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            ps.setString(i + 1, values.get(i));
        }
        ps.setLong(values.size() + 1, value);
    }

    @Override
    public CallerSilenceState callerState() {
        CallerSilenceState[] out = new CallerSilenceState[1];
        run("callerState", () -> out[0] = JdbcStateStore.readCallerState(c));
        return out[0];
    }

    @Override
    public long lockAlerting() {
        long[] version = new long[1];
        run("lockAlerting", () -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT version FROM alerting_lock WHERE id = 1 FOR UPDATE");
                    java.sql.ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("alerting_lock has no row", "02000");
                }
                version[0] = rs.getLong(1);
                locked = true;
            }
        });
        return version[0];
    }

    @Override
    public void saveAlerting(SavedAlerting state) {
        if (!locked) {
            throw new IllegalStateException("saveAlerting needs lockAlerting first in the same transaction");
        }
        run("saveAlerting", () -> {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM alert_state");
            }
            for (AlertState s : state.states()) {
                insertAlertState(s, state.thresholds().get(s.key()));
            }
            String doc = RouterStateJson.encode(state.router());
            try (PreparedStatement ps = c.prepareStatement(dialect == JdbcDatabase.Dialect.H2
                    ? "MERGE INTO router_state KEY (id) VALUES (1, ?)"
                    : "INSERT INTO router_state (id, document) VALUES (1, ?)"
                            + " ON CONFLICT (id) DO UPDATE SET document = EXCLUDED.document")) {
                ps.setString(1, doc);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE alerting_lock SET version = ?, horizon_ns = ? WHERE id = 1")) {
                ps.setLong(1, state.version());
                Nanos.set(ps, 2, state.horizon());
                ps.executeUpdate();
            }
        });
    }

    /** Adds one poll's bin rows (summed into existing bins). */
    @Override
    public void addBins(Collection<BinRow> rows) {
        run("addBins", () -> BinSql.addAll(c, dialect, rows));
    }

    /** Enqueues a notification with the transition that caused it; false when the log already holds it. */
    @Override
    public boolean enqueue(Notification notification) {
        boolean[] added = new boolean[1];
        run("enqueue", () -> added[0] = OutboxSql.enqueue(c, dialect, notification));
        return added[0];
    }

    /** Stores (inserts or replaces) one alert's state. */
    public void putAlertState(AlertState s) {
        run("putAlertState", () -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM alert_state WHERE state_key = ?")) {
                del.setString(1, BinSql.sha256(s.key()));
                del.executeUpdate();
            }
            insertAlertState(s, null);
        });
    }

    private void insertAlertState(AlertState s, Double threshold) throws SQLException {
        String labels;
        try {
            labels = JSON.writeValueAsString(s.groupLabels());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("group labels could not be written as JSON", e);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert_state (state_key, rule_name, group_key,"
                + " group_labels, phase, active_since_ns, firing_since_ns, last_notified_ns, repeats, last_threshold)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, BinSql.sha256(s.key()));
            ps.setString(2, s.ruleName());
            ps.setString(3, s.groupKey());
            ps.setString(4, labels);
            ps.setString(5, s.phase().name());
            ps.setLong(6, Nanos.of(s.activeSince()));
            Nanos.set(ps, 7, s.firingSince());
            Nanos.set(ps, 8, s.lastNotifiedAt());
            ps.setInt(9, s.repeats());
            if (threshold == null) {
                ps.setNull(10, java.sql.Types.DOUBLE);
            } else {
                ps.setDouble(10, threshold);
            }
            ps.executeUpdate();
        }
    }

    /** Forgets an alert that went back to inactive; {@code key} is {@link AlertState#key()}. */
    public void removeAlertState(String key) {
        run("removeAlertState", () -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM alert_state WHERE state_key = ?")) {
                ps.setString(1, BinSql.sha256(key));
                ps.executeUpdate();
            }
        });
    }

    /** Replaces the expected-caller detector's state. */
    public void putCallerState(CallerSilenceState state) {
        run("putCallerState", () -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM caller_seen");
                s.executeUpdate("DELETE FROM registry_traffic");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO caller_seen (workspace, registry, caller,"
                    + " last_seen_ns) VALUES (?, ?, ?, ?)")) {
                for (CallerSilenceState.CallerSeen seen : state.callers()) {
                    ps.setString(1, seen.workspace());
                    ps.setString(2, seen.registry());
                    ps.setString(3, seen.caller());
                    ps.setLong(4, Nanos.of(seen.lastSeen()));
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO registry_traffic (workspace, registry,"
                    + " last_event_ns) VALUES (?, ?, ?)")) {
                for (CallerSilenceState.RegistryTraffic t : state.registries()) {
                    ps.setString(1, t.workspace());
                    ps.setString(2, t.registry());
                    ps.setLong(3, Nanos.of(t.lastEvent()));
                    ps.executeUpdate();
                }
            }
        });
    }

    private void upsert(String sql, String a, String b, long v) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, a);
            ps.setString(2, b);
            ps.setLong(3, v);
            ps.executeUpdate();
        }
    }

    private void run(String op, SqlStep step) {
        try {
            step.run();
        } catch (SQLException e) {
            throw new StoreException("state store transaction: " + op + " failed: " + e.getSQLState(), e);
        }
    }

    @FunctionalInterface
    private interface SqlStep {
        void run() throws SQLException;
    }
}
