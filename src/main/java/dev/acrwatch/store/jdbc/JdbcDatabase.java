package dev.acrwatch.store.jdbc;

import dev.acrwatch.config.Secret;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

/** Where the state store lives: an embedded H2 file database, or PostgreSQL for several nodes. */
public final class JdbcDatabase {

    /** The SQL differences the store cares about. */
    enum Dialect { H2, POSTGRES }

    private final String url;
    private final String user;
    private final Secret password;
    private final Dialect dialect;

    private JdbcDatabase(String url, String user, Secret password, Dialect dialect) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.dialect = dialect;
    }

    /** An H2 file database {@code state} under {@code dataDir}; one process at a time may open it. */
    public static JdbcDatabase h2(Path dataDir) {
        Objects.requireNonNull(dataDir, "dataDir");
        // DB_CLOSE_DELAY=-1 keeps the engine open between connections, so each call does not reopen the file
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("state") + ";DB_CLOSE_DELAY=-1";
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

    Dialect dialect() {
        return dialect;
    }

    /** A new connection, auto-commit on; the caller closes it. */
    Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password.reveal());
        return DriverManager.getConnection(url, props);
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
