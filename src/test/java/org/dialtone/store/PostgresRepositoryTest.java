package org.dialtone.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Repository contract on PostgreSQL. Runs only when {@code PBX_TEST_PG_URL} is set (optionally {@code PBX_TEST_PG_USER}
 * and {@code PBX_TEST_PG_PASSWORD}); otherwise every test is skipped. This is the only intentional skip in the build.
 * The tables of that database are emptied before each test.
 */
class PostgresRepositoryTest extends RepositoryContractTest {
    @Override protected Database openEmptyDatabase() {
        String url = System.getenv("PBX_TEST_PG_URL");
        assumeTrue(url != null && !url.isBlank(), "PBX_TEST_PG_URL not set: PostgreSQL tests skipped");
        Database database = Database.open(url, System.getenv("PBX_TEST_PG_USER"), System.getenv("PBX_TEST_PG_PASSWORD"));
        database.jdbi().useHandle(h -> h.execute("TRUNCATE " + String.join(", ", tables()) + " RESTART IDENTITY"));
        return database;
    }
}
