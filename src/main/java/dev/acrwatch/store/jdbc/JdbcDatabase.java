package dev.acrwatch.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.acrwatch.config.Secret;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Where the state store lives: an embedded H2 file database, or PostgreSQL for several nodes. Holds a small
 * connection pool (opened on first use): a dispatcher round makes several short calls, and PostgreSQL starts a
 * process per new connection.
 */
public final class JdbcDatabase implements AutoCloseable {

    /** The SQL differences the store cares about. */
    enum Dialect { H2, POSTGRES }

    // An evaluation holds its transaction while rules read bins on a second connection; polls, the dispatcher
    // and the health check take one each.
    private static final int MAX_CONNECTIONS = 10;

    private final String url;
    private final String user;
    private final Secret password;
    private final Dialect dialect;
    private HikariDataSource pool;

    private JdbcDatabase(String url, String user, Secret password, Dialect dialect) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.dialect = dialect;
    }

    /** An H2 file database {@code state} under {@code dataDir}; one process at a time may open it. */
    public static JdbcDatabase h2(Path dataDir) {
        Objects.requireNonNull(dataDir, "dataDir");
        // DB_CLOSE_ON_EXIT=FALSE: H2's own shutdown hook would close the database under our SIGTERM handler, which
        // still finishes the poll in flight and sends what is due; closing the pool closes the database instead.
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("state") + ";DB_CLOSE_ON_EXIT=FALSE";
        return new JdbcDatabase(url, "sa", Secret.of(""), Dialect.H2);
    }

    /** A PostgreSQL database shared by every node; {@code url} is a {@code jdbc:postgresql:} URL. */
    public static JdbcDatabase postgres(String url, String user, Secret password) {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("store.url: expected a jdbc:postgresql: URL");
        }
        return new JdbcDatabase(url, Objects.requireNonNull(user, "user"),
                Objects.requireNonNull(password, "password"), Dialect.POSTGRES);
    }

    /** The same database with its own pool (a second node in tests; the clustered scheduler's own pool). */
    public JdbcDatabase another() {
        return new JdbcDatabase(url, user, password, dialect);
    }

    Dialect dialect() {
        return dialect;
    }

    /** A pooled connection, auto-commit on; closing it gives it back (rolled back if left in a transaction). */
    Connection connect() throws SQLException {
        return pool().getConnection();
    }

    private synchronized HikariDataSource pool() {
        if (pool == null) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            config.setUsername(user);
            config.setPassword(password.reveal());
            config.setMaximumPoolSize(MAX_CONNECTIONS);
            config.setMinimumIdle(0);
            config.setPoolName("acrwatch-store");
            // fail the call that needs the database, not the constructor; the caller's error names the operation
            config.setInitializationFailTimeout(-1);
            // Fail fast when the database is away: a caller blocked longer only holds up the poll or evaluation that
            // will be retried anyway, and the health check should say "unreachable" within seconds.
            config.setConnectionTimeout(3_000);
            pool = new HikariDataSource(config);
        }
        return pool;
    }

    /** The pool as a DataSource, for Quartz's clustered job store. */
    public javax.sql.DataSource dataSource() {
        return new ConnectionDataSource(this);
    }

    /** Closes the pool; the database itself is untouched. */
    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    /** The URL without credentials, for log lines and errors. */
    public String describe() {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    @Override
    public String toString() {
        return "JdbcDatabase[" + dialect + " " + describe() + "]";
    }
}
