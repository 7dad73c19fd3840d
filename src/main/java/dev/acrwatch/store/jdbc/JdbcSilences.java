package dev.acrwatch.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.acrwatch.alert.LabelMatcher;
import dev.acrwatch.alert.Silence;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Silences in the state store database, so every node mutes the same alerts. */
public final class JdbcSilences {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcDatabase db;

    JdbcSilences(JdbcDatabase db) {
        this.db = db;
    }

    /** Stores a silence, replacing one with the same id (an edit or an early expiry). */
    public void put(Silence s) {
        call("put", c -> {
            c.setAutoCommit(false);
            try {
                delete(c, s.id());
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO silence (id, matchers, starts_at_ns,"
                        + " ends_at_ns, created_by, comment) VALUES (?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, s.id());
                    ps.setString(2, matchers(s.matchers()));
                    ps.setLong(3, Nanos.of(s.startsAt()));
                    ps.setLong(4, Nanos.of(s.endsAt()));
                    ps.setString(5, s.createdBy());
                    ps.setString(6, s.comment());
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            return null;
        });
    }

    /** Every stored silence (active, pending and expired), oldest start first. */
    public List<Silence> all() {
        return call("all", c -> {
            List<Silence> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, matchers, starts_at_ns, ends_at_ns,"
                    + " created_by, comment FROM silence ORDER BY starts_at_ns, id");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString("id");
                    out.add(new Silence(id, matchers(id, rs.getString("matchers")),
                            Nanos.instant(rs.getLong("starts_at_ns")), Nanos.instant(rs.getLong("ends_at_ns")),
                            rs.getString("created_by"), rs.getString("comment")));
                }
            }
            return out;
        });
    }

    /** Forgets a silence; false when there was none with that id. */
    public boolean remove(String id) {
        return call("remove", c -> delete(c, id));
    }

    private static boolean delete(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM silence WHERE id = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate() == 1;
        }
    }

    private static String matchers(List<LabelMatcher> matchers) {
        ArrayNode arr = JSON.createArrayNode();
        matchers.forEach(m -> arr.addObject().put("name", m.name()).put("op", m.op().name()).put("value", m.value()));
        return arr.toString();
    }

    private static List<LabelMatcher> matchers(String id, String json) {
        try {
            List<LabelMatcher> out = new ArrayList<>();
            for (JsonNode m : JSON.readTree(json)) {
                out.add(new LabelMatcher(m.get("name").asText(), LabelMatcher.Op.valueOf(m.get("op").asText()),
                        m.get("value").asText()));
            }
            return out;
        } catch (JsonProcessingException | RuntimeException e) {
            throw new StoreException("silence " + id + ".matchers: not a stored matcher list", null);
        }
    }

    private <T> T call(String op, JdbcOutbox.SqlCall<T> body) {
        try (Connection c = db.connect()) {
            return body.run(c);
        } catch (SQLException e) {
            throw new StoreException("silences " + op + " on " + db.describe() + " failed: " + e.getSQLState(), e);
        }
    }
}
