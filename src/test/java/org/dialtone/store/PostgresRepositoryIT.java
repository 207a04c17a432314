package org.dialtone.store;

import org.dialtone.testing.TestPostgres;

/**
 * Repository contract on PostgreSQL: a throwaway cluster this JVM starts ({@link TestPostgres}), or the database
 * {@code PBX_TEST_PG_URL} names (optionally {@code PBX_TEST_PG_USER}, {@code PBX_TEST_PG_PASSWORD}). Never skipped:
 * without PostgreSQL every test fails saying what to install. The tables are emptied before each test.
 */
class PostgresRepositoryIT extends RepositoryContractTest {
    @Override protected Database openEmptyDatabase() {
        TestPostgres.Server pg = TestPostgres.server();
        Database database = Database.open(pg.url(), pg.user(), pg.password());
        database.jdbi().useHandle(h -> h.execute("TRUNCATE " + String.join(", ", tables()) + " RESTART IDENTITY"));
        return database;
    }
}
