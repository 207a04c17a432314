package org.dialtone.store;

import org.dialtone.testing.TestPostgres;

/** Call history paging on PostgreSQL ({@link TestPostgres}, as {@link PostgresRepositoryIT}); the table is emptied first. */
class PostgresCallHistoryIT extends CallHistoryContractTest {
    @Override protected Database openEmptyDatabase() {
        TestPostgres.Server pg = TestPostgres.server();
        Database database = Database.open(pg.url(), pg.user(), pg.password());
        database.jdbi().useHandle(h -> h.execute("TRUNCATE call_record RESTART IDENTITY"));
        return database;
    }
}
