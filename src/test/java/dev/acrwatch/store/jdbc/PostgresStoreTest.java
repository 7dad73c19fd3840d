package dev.acrwatch.store.jdbc;

import dev.acrwatch.config.Secret;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store on a real PostgreSQL (embedded binaries on loopback), one server per class, one database per test. */
class PostgresStoreTest extends StoreContract {

    static EmbeddedPostgres pg;
    static int databases;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    @Override
    JdbcDatabase newDatabase() throws Exception {
        String name = "store" + databases++;
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE DATABASE " + name);
        }
        return JdbcDatabase.postgres("jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + name, "postgres",
                Secret.of("unused-with-trust-auth"));
    }

    @Override
    JdbcDatabase restart(JdbcDatabase db) {
        db.close();
        return db.another();
    }
}
