package dev.acrwatch.store.jdbc;

import dev.acrwatch.alert.Notification;
import dev.acrwatch.notify.DeliveryResult;
import dev.acrwatch.store.Outbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The outbox in the state store database, shared by every node. A claim locks the receiver's row in
 * {@code outbox_receiver} ({@code FOR UPDATE SKIP LOCKED}) before it reads that receiver's head, so two nodes
 * never hand out the same entry and a receiver's entries still leave in creation order; marks are fenced by
 * the claim token.
 */
public final class JdbcOutbox implements Outbox {

    private final JdbcDatabase db;

    JdbcOutbox(JdbcDatabase db) {
        this.db = db;
    }

    @Override
    public boolean enqueue(Notification notification) {
        return call("enqueue", c -> OutboxSql.enqueue(c, db.dialect(), notification));
    }

    @Override
    public List<Entry> due(Instant now, int limit) {
        return call("due", c -> {
            List<Entry> out = new ArrayList<>();
            for (List<Entry> queue : openQueues(c).values()) {
                for (Entry e : queue) {
                    if (out.size() >= limit || !claimable(e, now)) {
                        break;
                    }
                    out.add(e);
                }
            }
            return out;
        });
    }

    @Override
    public List<String> receiversWithWork() {
        return call("receiversWithWork", c -> {
            List<String> out = new ArrayList<>();
            // no payloads read: dispatchers ask this on every round
            try (PreparedStatement ps = c.prepareStatement("SELECT receiver FROM outbox WHERE " + OutboxSql.OPEN
                    + " GROUP BY receiver ORDER BY MIN(id)");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    @Override
    public List<Entry> claim(String receiver, Instant now, Duration lease, int limit) {
        return call("claim", c -> {
            c.setAutoCommit(false);
            try {
                List<Entry> out = claimIn(c, receiver, now, lease, limit);
                c.commit();
                return out;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        });
    }

    private List<Entry> claimIn(Connection c, String receiver, Instant now, Duration lease, int limit)
            throws SQLException {
        List<Entry> out = new ArrayList<>();
        // another node holding the lock is claiming this receiver's head right now: what it leaves is for later
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT receiver FROM outbox_receiver WHERE receiver = ? FOR UPDATE SKIP LOCKED")) {
            ps.setString(1, receiver);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return out;
                }
            }
        }
        List<Entry> head = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + OutboxSql.ENTRY_COLUMNS + " FROM outbox"
                + " WHERE receiver = ? AND " + OutboxSql.OPEN + " ORDER BY id LIMIT ?")) {
            ps.setString(1, receiver);
            ps.setInt(2, Math.max(limit, 0));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    head.add(OutboxSql.entry(rs));
                }
            }
        }
        Instant until = now.plus(lease);
        try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = 'IN_FLIGHT', lease_until_ns = ?,"
                + " claim_token = claim_token + 1 WHERE id = ?")) {
            for (Entry e : head) {
                if (!claimable(e, now)) {
                    break;
                }
                ps.setLong(1, Nanos.of(until));
                ps.setLong(2, e.id());
                ps.executeUpdate();
                out.add(new Entry(e.id(), e.dedupKey(), e.receiver(), e.notification(), e.createdAt(), e.attempts(),
                        e.nextAttemptAt(), e.lastReason(), State.IN_FLIGHT, Optional.of(until), e.claimToken() + 1));
            }
        }
        return out;
    }

    @Override
    public boolean markDelivered(Entry claimed, Instant at, Optional<String> note) {
        return end(claimed, "markDelivered", note.isPresent() ? 0 : 1, Optional.empty(), note, State.DELIVERED);
    }

    @Override
    public boolean markFailed(Entry claimed, DeliveryResult result, Instant nextAttemptAt) {
        String reason = result.reason().map(r -> r.label() + ": ").orElse("") + result.message();
        return end(claimed, "markFailed", 1, Optional.of(nextAttemptAt), Optional.of(reason), State.PENDING);
    }

    @Override
    public boolean markDead(Entry claimed, String reason, boolean countsAsAttempt) {
        return end(claimed, "markDead", countsAsAttempt ? 1 : 0, Optional.empty(), Optional.of(reason), State.DEAD);
    }

    @Override
    public boolean release(Entry claimed) {
        return end(claimed, "release", 0, Optional.empty(), claimed.lastReason(), State.PENDING);
    }

    /** One fenced update: applies only while the entry is IN_FLIGHT under this claim's token. */
    private boolean end(Entry claimed, String op, int addAttempts, Optional<Instant> next, Optional<String> reason,
            State state) {
        return call(op, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE outbox SET state = ?, attempts = attempts + ?,"
                    + " next_attempt_ns = COALESCE(?, next_attempt_ns), last_reason = ?, lease_until_ns = NULL"
                    + " WHERE id = ? AND state = 'IN_FLIGHT' AND claim_token = ?")) {
                ps.setString(1, state.name());
                ps.setInt(2, addAttempts);
                Nanos.set(ps, 3, next);
                if (reason.isPresent()) {
                    ps.setString(4, reason.get());
                } else {
                    ps.setNull(4, Types.VARCHAR);
                }
                ps.setLong(5, claimed.id());
                ps.setLong(6, claimed.claimToken());
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Map<String, Integer> depthByReceiver() {
        return call("depthByReceiver", c -> {
            Map<String, Integer> depth = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT receiver, COUNT(*) FROM outbox WHERE " + OutboxSql.OPEN + " GROUP BY receiver");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    depth.put(rs.getString(1), rs.getInt(2));
                }
            }
            return depth;
        });
    }

    @Override
    public int prune(Instant cutoff) {
        return call("prune", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM outbox"
                    + " WHERE state IN ('DELIVERED', 'DEAD') AND created_at_ns < ?")) {
                ps.setLong(1, Nanos.of(cutoff));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Entry> find(long id) {
        return call("find", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + OutboxSql.ENTRY_COLUMNS + " FROM outbox WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(OutboxSql.entry(rs)) : Optional.<Entry>empty();
                }
            }
        });
    }

    /** Open entries by receiver, receivers in order of their oldest entry, each queue in creation order. */
    private static Map<String, List<Entry>> openQueues(Connection c) throws SQLException {
        Map<String, List<Entry>> queues = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + OutboxSql.ENTRY_COLUMNS + " FROM outbox WHERE " + OutboxSql.OPEN + " ORDER BY id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Entry e = OutboxSql.entry(rs);
                queues.computeIfAbsent(e.receiver(), r -> new ArrayList<>()).add(e);
            }
        }
        return queues;
    }

    private static boolean claimable(Entry e, Instant now) {
        return switch (e.state()) {
            case PENDING -> !e.nextAttemptAt().isAfter(now);
            // lease expired: the node that claimed it died or hung mid-send
            case IN_FLIGHT -> e.leaseUntil().map(until -> !until.isAfter(now)).orElse(true);
            default -> false;
        };
    }

    private <T> T call(String op, SqlCall<T> body) {
        try (Connection c = db.connect()) {
            return body.run(c);
        } catch (SQLException e) {
            throw new StoreException("outbox " + op + " on " + db.describe() + " failed: " + e.getSQLState(), e);
        }
    }

    @FunctionalInterface
    interface SqlCall<T> {
        T run(Connection c) throws SQLException;
    }
}
