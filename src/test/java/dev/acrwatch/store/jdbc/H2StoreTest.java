package dev.acrwatch.store.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.io.TempDir;

/** The store on the embedded default: an H2 file database in a temporary data directory. */
class H2StoreTest extends StoreContract {

    @TempDir
    Path dataDir;

    private int databases;

    @Override
    JdbcDatabase freshDatabase() {
        return JdbcDatabase.h2(dataDir.resolve("db" + databases++));
    }

    @Override
    void restart(JdbcDatabase db) throws Exception {
        // closes the engine and its file; the next connection opens the file again
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }
}
