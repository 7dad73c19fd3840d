package dev.acrwatch.store.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store on the embedded default: an H2 file database in a temporary data directory. */
class H2StoreTest extends StoreContract {

    @TempDir
    Path dataDir;

    private int databases;

    @Override
    JdbcDatabase newDatabase() {
        return JdbcDatabase.h2(dataDir.resolve("db" + databases++));
    }

    @Override
    JdbcDatabase restart(JdbcDatabase db) {
        // H2 closes the file with its last connection, so the next store reads the file back from disk
        db.close();
        return db.another();
    }
}
