package dev.acrwatch.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.acrwatch.event.LogTable;
import dev.acrwatch.rule.AlertPhase;
import dev.acrwatch.rule.AlertState;
import dev.acrwatch.rule.CallerSilenceState;
import dev.acrwatch.alert.RouterState;
import dev.acrwatch.alert.Silence;
import dev.acrwatch.rule.RuleCommon;
import dev.acrwatch.store.RouterStateJson;
import dev.acrwatch.store.SavedAlerting;
import dev.acrwatch.store.StateStore;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The durable {@link StateStore} on H2 or PostgreSQL. Opening migrates the schema (and refuses one newer than
 * this binary); every node pointed at the same PostgreSQL database continues the others' work.
 */
public final class JdbcStateStore implements StateStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcDatabase db;
    private final JdbcOutbox outbox;
    private final JdbcBinStore bins;
    private final JdbcSilences silences;

    private JdbcStateStore(JdbcDatabase db) {
        this.db = db;
        this.outbox = new JdbcOutbox(db);
        this.bins = new JdbcBinStore(db);
        this.silences = new JdbcSilences(db);
    }

    /**
     * Migrates the schema to this binary's version and opens the store.
     *
     * @throws SchemaTooNewException when a newer acr-watch already migrated the database
     */
    public static JdbcStateStore open(JdbcDatabase db) {
        Schema.migrate(db);
        return new JdbcStateStore(db);
    }

    /** The outbox in the same database. */
    @Override
    public JdbcOutbox outbox() {
        return outbox;
    }

    /** The window bins in the same database. */
    @Override
    public JdbcBinStore bins() {
        return bins;
    }

    /** The silences in the same database. */
    public JdbcSilences silenceTable() {
        return silences;
    }

    @Override
    public Optional<Instant> watermark(String workspace, LogTable table) {
        return call("watermark", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT watermark_ns FROM watermark WHERE workspace = ? AND log_table = ?")) {
                ps.setString(1, workspace);
                ps.setString(2, table.name());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(Nanos.instant(rs.getLong(1))) : Optional.<Instant>empty();
                }
            }
        });
    }

    @Override
    public Map<PollKey, Instant> lastPolled() {
        return call("lastPolled", c -> {
            Map<PollKey, Instant> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT workspace, log_table, polled_at_ns FROM watermark"
                    + " WHERE polled_at_ns IS NOT NULL ORDER BY workspace, log_table");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Optional<LogTable> table = tableOf(rs.getString(2));
                    if (table.isPresent()) {
                        out.put(new PollKey(rs.getString(1), table.get()), Nanos.instant(rs.getLong(3)));
                    }
                }
            }
            return out;
        });
    }

    /** Every stored alert state, for {@code AlertStateMachine.restore}. */
    public List<AlertState> alertStates() {
        return call("alertStates", c -> {
            List<AlertState> states = new ArrayList<>();
            readAlertStates(c, states, new HashMap<>());
            return states;
        });
    }

    private static void readAlertStates(Connection c, List<AlertState> states, Map<String, Double> thresholds)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT rule_name, group_key, group_labels, phase,"
                + " active_since_ns, firing_since_ns, last_notified_ns, repeats, last_threshold FROM alert_state"
                + " ORDER BY rule_name, group_key");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                AlertState s = new AlertState(rs.getString("rule_name"), rs.getString("group_key"),
                        labels(rs.getString("group_labels")), AlertPhase.valueOf(rs.getString("phase")),
                        Nanos.instant(rs.getLong("active_since_ns")), Nanos.optional(rs, "firing_since_ns"),
                        Nanos.optional(rs, "last_notified_ns"), rs.getInt("repeats"));
                states.add(s);
                double t = rs.getDouble("last_threshold");
                if (!rs.wasNull()) {
                    thresholds.put(s.key(), t);
                }
            }
        }
    }

    @Override
    public SavedAlerting alerting(Function<String, Optional<RuleCommon>> rules) {
        return call("alerting", c -> {
            long version = 0;
            Optional<Instant> horizon = Optional.empty();
            try (PreparedStatement ps = c.prepareStatement("SELECT version, horizon_ns FROM alerting_lock WHERE id = 1");
                    ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    version = rs.getLong("version");
                    horizon = Nanos.optional(rs, "horizon_ns");
                }
            }
            List<AlertState> states = new ArrayList<>();
            Map<String, Double> thresholds = new HashMap<>();
            readAlertStates(c, states, thresholds);
            RouterState router = SavedAlerting.EMPTY.router();
            try (PreparedStatement ps = c.prepareStatement("SELECT document FROM router_state WHERE id = 1");
                    ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    router = RouterStateJson.decode(rs.getString(1), rules);
                }
            }
            return new SavedAlerting(version, states, thresholds, router, horizon);
        });
    }

    /** The expected-caller detector's stored state. */
    public CallerSilenceState callerState() {
        return call("callerState", JdbcStateStore::readCallerState);
    }

    static CallerSilenceState readCallerState(Connection c) throws SQLException {
        List<CallerSilenceState.CallerSeen> callers = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT workspace, registry, caller, last_seen_ns"
                + " FROM caller_seen ORDER BY workspace, registry, caller");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                callers.add(new CallerSilenceState.CallerSeen(rs.getString(1), rs.getString(2),
                        rs.getString(3), Nanos.instant(rs.getLong(4))));
            }
        }
        List<CallerSilenceState.RegistryTraffic> registries = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT workspace, registry, last_event_ns"
                + " FROM registry_traffic ORDER BY workspace, registry");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                registries.add(new CallerSilenceState.RegistryTraffic(rs.getString(1), rs.getString(2),
                        Nanos.instant(rs.getLong(3))));
            }
        }
        return new CallerSilenceState(callers, registries);
    }

    @Override
    public List<Silence> silences() {
        return silences.all();
    }

    @Override
    public void putSilence(Silence silence) {
        silences.put(silence);
    }

    private static Optional<LogTable> tableOf(String name) {
        try {
            return Optional.of(LogTable.valueOf(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public void inTransaction(Work work) {
        inJdbcTransaction(work::run);
    }

    /** Runs {@code work} in one database transaction; it commits if work returns, else rolls back and rethrows. */
    public void inJdbcTransaction(JdbcWork work) {
        call("transaction", c -> {
            c.setAutoCommit(false);
            try {
                work.run(new JdbcTransaction(c, db.dialect()));
                c.commit();
            } catch (SQLException | RuntimeException | Error e) {
                c.rollback();
                throw e;
            }
            return null;
        });
    }

    /** A poll's work, seeing the full transaction. */
    @FunctionalInterface
    public interface JdbcWork {
        void run(JdbcTransaction tx);
    }

    private static TreeMap<String, String> labels(String json) {
        try {
            return JSON.readValue(json, new TypeReference<TreeMap<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new StoreException("alert_state.group_labels: not a JSON object of strings", null);
        }
    }

    private <T> T call(String op, JdbcOutbox.SqlCall<T> body) {
        try (Connection c = db.connect()) {
            return body.run(c);
        } catch (SQLException e) {
            throw new StoreException("state store " + op + " on " + db.describe() + " failed: " + e.getSQLState(), e);
        }
    }

    @Override
    public String toString() {
        return "JdbcStateStore[" + db + "]";
    }
}
