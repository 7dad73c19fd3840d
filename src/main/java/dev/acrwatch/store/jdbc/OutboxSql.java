package dev.acrwatch.store.jdbc;

import dev.acrwatch.alert.Notification;
import dev.acrwatch.store.NotificationJson;
import dev.acrwatch.store.Outbox.Entry;
import dev.acrwatch.store.Outbox.State;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/** The outbox statements that also run inside a poll transaction. */
final class OutboxSql {

    static final String ENTRY_COLUMNS = "id, dedup_key, receiver, payload, created_at_ns, attempts,"
            + " next_attempt_ns, last_reason, state, lease_until_ns, claim_token";

    /** PENDING or IN_FLIGHT: still the outbox's to deliver. */
    static final String OPEN = "state IN ('PENDING', 'IN_FLIGHT')";

    private static final String UNIQUE_VIOLATION = "23505";

    private OutboxSql() {
    }

    /** False when the log already holds (dedupKey, receiver). */
    static boolean enqueue(Connection c, JdbcDatabase.Dialect dialect, Notification n) throws SQLException {
        Objects.requireNonNull(n, "notification");
        boolean h2 = dialect == JdbcDatabase.Dialect.H2;
        try (PreparedStatement ps = c.prepareStatement(h2
                ? "MERGE INTO outbox_receiver KEY (receiver) VALUES (?)"
                : "INSERT INTO outbox_receiver (receiver) VALUES (?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, n.receiver());
            ps.executeUpdate();
        }
        // PostgreSQL aborts the whole transaction on a failed statement, so a duplicate must not raise there
        String insert = "INSERT INTO outbox (dedup_key, receiver, payload, created_at_ns, attempts, next_attempt_ns,"
                + " state, claim_token) VALUES (?, ?, ?, ?, 0, ?, 'PENDING', 0)"
                + (h2 ? "" : " ON CONFLICT (dedup_key, receiver) DO NOTHING");
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setString(1, n.dedupKey());
            ps.setString(2, n.receiver());
            ps.setString(3, NotificationJson.encode(n));
            ps.setLong(4, Nanos.of(n.createdAt()));
            ps.setLong(5, Nanos.of(n.createdAt()));
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            // H2 keeps the transaction usable after a failed statement
            if (h2 && UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(rs.getLong("id"), rs.getString("dedup_key"), rs.getString("receiver"),
                NotificationJson.decode(rs.getString("payload")), Nanos.instant(rs.getLong("created_at_ns")),
                rs.getInt("attempts"), Nanos.instant(rs.getLong("next_attempt_ns")),
                Optional.ofNullable(rs.getString("last_reason")), State.valueOf(rs.getString("state")),
                Nanos.optional(rs, "lease_until_ns"), rs.getLong("claim_token"));
    }
}
