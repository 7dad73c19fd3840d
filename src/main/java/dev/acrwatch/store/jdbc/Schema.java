package dev.acrwatch.store.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;

/** Brings the schema up to this binary's version, and refuses a schema newer than it. */
final class Schema {

    /**
     * The schema version this binary writes. Every new migration {@code V<n>__…} must end with
     * {@code UPDATE schema_info SET version = <n>} and bump this; SchemaTest holds the two together.
     */
    static final int VERSION = 2;

    private Schema() {
    }

    static void migrate(JdbcDatabase db) {
        // checked before Flyway: its own error for a newer schema names a migration file, not what to do
        int found = currentVersion(db);
        if (found > VERSION) {
            throw new SchemaTooNewException("state store " + db.describe() + ": schema version " + found
                    + " is newer than this acr-watch, which knows schema version " + VERSION
                    + "; upgrade acr-watch on this node (a newer node migrated the database)");
        }
        Flyway.configure()
                .dataSource(new ConnectionDataSource(db))
                .locations("classpath:db/migration")
                .load()
                .migrate();
        if (db.dialect() == JdbcDatabase.Dialect.POSTGRES) {
            // Quartz's tables for the clustered scheduler, versioned apart from ours (Quartz owns their shape).
            Flyway.configure()
                    .dataSource(new ConnectionDataSource(db))
                    .locations("classpath:db/quartz-postgres")
                    .table("quartz_schema_history")
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
        }
    }

    /** 0 when the schema does not exist yet. */
    static int currentVersion(JdbcDatabase db) {
        try (Connection c = db.connect()) {
            if (!tableExists(c, "schema_info")) {
                return 0;
            }
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT version FROM schema_info WHERE id = 1")) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw new StoreException("state store " + db.describe() + ": reading the schema version failed", e);
        }
    }

    private static boolean tableExists(Connection c, String name) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        // H2 stores unquoted names upper case, PostgreSQL lower case
        for (String n : new String[] {name, name.toUpperCase(java.util.Locale.ROOT)}) {
            try (ResultSet rs = meta.getTables(null, null, n, new String[] {"TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
