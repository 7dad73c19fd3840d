package dev.acrwatch.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrwatch.alert.Notification;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.rule.AlertState;
import dev.acrwatch.rule.BinRow;
import dev.acrwatch.rule.CallerSilenceState;
import dev.acrwatch.store.StateStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;

/**
 * Every write one poll makes, on one JDBC connection with auto-commit off: the watermark, window bins, alert
 * states, outbox rows and caller state commit together or not at all. Valid only inside
 * {@link JdbcStateStore#inJdbcTransaction}.
 */
public final class JdbcTransaction implements StateStore.Transaction {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection c;
    private final JdbcDatabase.Dialect dialect;

    JdbcTransaction(Connection c, JdbcDatabase.Dialect dialect) {
        this.c = c;
        this.dialect = dialect;
    }

    @Override
    public void setWatermark(String workspace, LogTable table, Instant watermark) {
        run("setWatermark", () -> upsert(dialect == JdbcDatabase.Dialect.H2
                ? "MERGE INTO watermark KEY (workspace, log_table) VALUES (?, ?, ?)"
                : "INSERT INTO watermark (workspace, log_table, watermark_ns) VALUES (?, ?, ?)"
                        + " ON CONFLICT (workspace, log_table) DO UPDATE SET watermark_ns = EXCLUDED.watermark_ns",
                workspace, table.name(), Nanos.of(watermark)));
    }

    /** Adds one poll's bin rows (summed into existing bins). */
    public void addBins(Collection<BinRow> rows) {
        run("addBins", () -> {
            for (BinRow r : rows) {
                BinSql.add(c, dialect, r);
            }
        });
    }

    /** Enqueues a notification with the transition that caused it; false when the log already holds it. */
    public boolean enqueue(Notification notification) {
        boolean[] added = new boolean[1];
        run("enqueue", () -> added[0] = OutboxSql.enqueue(c, dialect, notification));
        return added[0];
    }

    /** Stores (inserts or replaces) one alert's state. */
    public void putAlertState(AlertState s) {
        run("putAlertState", () -> {
            String labels;
            try {
                labels = JSON.writeValueAsString(s.groupLabels());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("group labels could not be written as JSON", e);
            }
            String key = BinSql.sha256(s.key());
            try (PreparedStatement del = c.prepareStatement("DELETE FROM alert_state WHERE state_key = ?")) {
                del.setString(1, key);
                del.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert_state (state_key, rule_name, group_key,"
                    + " group_labels, phase, active_since_ns, firing_since_ns, last_notified_ns, repeats)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, key);
                ps.setString(2, s.ruleName());
                ps.setString(3, s.groupKey());
                ps.setString(4, labels);
                ps.setString(5, s.phase().name());
                ps.setLong(6, Nanos.of(s.activeSince()));
                Nanos.set(ps, 7, s.firingSince());
                Nanos.set(ps, 8, s.lastNotifiedAt());
                ps.setInt(9, s.repeats());
                ps.executeUpdate();
            }
        });
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
