package org.dialtone.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Call history paging on a fresh SQLite file per test. */
class SqliteCallHistoryTest extends CallHistoryContractTest {
    @TempDir Path tmp;

    @Override protected Database openEmptyDatabase() {
        return Database.open(Database.sqliteUrl(tmp.resolve("data")), null, null);
    }
}
