package org.dialtone.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Repository contract on a fresh SQLite file per test, plus SQLite-specific settings. */
class SqliteRepositoryTest extends RepositoryContractTest {
    @TempDir Path tmp;

    @Override protected Database openEmptyDatabase() {
        return Database.open(Database.sqliteUrl(tmp.resolve("nested/data")), null, null);
    }

    @Test void createsDirectoryAndFile() {
        assertThat(tmp.resolve("nested/data/dialtone.db")).isRegularFile();
        assertThat(db.dialect()).isEqualTo(Dialect.SQLITE);
    }

    @Test void connectionHasPragmas() {
        assertThat(pragma("foreign_keys")).isEqualTo("1");
        assertThat(pragma("journal_mode")).isEqualTo("wal");
        assertThat(pragma("busy_timeout")).isEqualTo("5000");
    }

    @Test void tablesAreStrict() {
        assertThatThrownBy(() -> db.jdbi().useHandle(h -> h.execute(
                "INSERT INTO call_record (linked_id, customer_code, from_number, to_number, start_time, end_time, disposition)"
                        + " VALUES ('L', '1000001', '1', '2', 'not a number', 0, 'X')")))
                .hasMessageContaining("cannot store TEXT value in INTEGER column");
    }

    @Test void reopeningKeepsDataAndDoesNotMigrateAgain() {
        new JdbiCustomerRepository(db.jdbi()).upsertCustomer(new org.dialtone.core.customer.Customer("1000001", "Acme"));
        db.close();
        db = openEmptyDatabase();
        assertThat(new JdbiCustomerRepository(db.jdbi()).findCustomer("1000001")).isPresent();
        int migrations = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM flyway_schema_history WHERE success = 1 AND version IS NOT NULL").mapTo(Integer.class).one());
        assertThat(migrations).as("each migration applied once").isEqualTo(migrationFiles());
    }

    private static long migrationFiles() {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(
                SqliteRepositoryTest.class.getResource("/db/migration/sqlite").toURI()))) {
            return files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        } catch (java.io.IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test void callsRecordedBeforeTheTrunkMigrationAreInternal() {
        db.close();
        String url = "jdbc:sqlite:" + tmp.resolve("v1.db"); // a database of a release without trunks
        org.flywaydb.core.Flyway.configure().dataSource(url, null, null)
                .locations(Dialect.SQLITE.migrationLocation()).target("1").load().migrate();
        try (var c = java.sql.DriverManager.getConnection(url); var st = c.createStatement()) {
            st.execute("INSERT INTO call_record (linked_id, customer_code, from_number, to_number, start_time, end_time,"
                    + " disposition) VALUES ('OLD', '1000001', '200', '201', 1000, 2000, 'ANSWERED')");
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }

        db = Database.open(url, null, null);

        assertThat(new JdbiCallRecordRepository(db.jdbi()).recent("1000001", 10)).singleElement().satisfies(r -> {
            assertThat(r.linkedId()).isEqualTo("OLD");
            assertThat(r.direction()).isEqualTo("internal");
            assertThat(r.outsideNumber()).isNull();
            assertThat(r.trunk()).isNull();
        });
    }

    @Test void recordsOfEndedCallsSurviveTheMigrationToOneRowPerCall() {
        db.close();
        String url = "jdbc:sqlite:" + tmp.resolve("v3.db"); // a database of a release that wrote records only at the end
        org.flywaydb.core.Flyway.configure().dataSource(url, null, null)
                .locations(Dialect.SQLITE.migrationLocation()).target("3").load().migrate();
        try (var c = java.sql.DriverManager.getConnection(url); var st = c.createStatement()) {
            st.execute("INSERT INTO call_record (linked_id, customer_code, from_number, to_number, start_time, answer_time,"
                    + " end_time, disposition, direction, outside_number, trunk) VALUES"
                    + " ('A', '1000001', '200', '201', 1000, 1500, 2000, 'answered', 'internal', NULL, NULL),"
                    + " ('B', '1000001', '200', '+12025550123', 3000, NULL, 4000, 'busy', 'outbound', '+12025550123', 'c1'),"
                    + " ('B', '1000001', '200', '+12025550123', 3000, NULL, 4500, 'no answer', 'outbound', '+12025550123', 'c1')");
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }

        db = Database.open(url, null, null);

        var records = new JdbiCallRecordRepository(db.jdbi());
        assertThat(records.recent("1000001", 10)).containsExactly(
                new org.dialtone.core.call.CallRecord("B", "1000001", "200", "+12025550123", java.time.Instant.ofEpochMilli(3000),
                        null, java.time.Instant.ofEpochMilli(4500), "no answer", "outbound", "+12025550123", "c1"),
                new org.dialtone.core.call.CallRecord("A", "1000001", "200", "201", java.time.Instant.ofEpochMilli(1000),
                        java.time.Instant.ofEpochMilli(1500), java.time.Instant.ofEpochMilli(2000), "answered", "internal", null, null));
        assertThat(records.closeInterrupted()).isZero();
    }

    @Test void healthyIsFalseAfterClose() {
        db.close();
        assertThat(db.healthy()).isFalse();
    }

    @Test void rejectsUnsupportedUrl() {
        assertThatThrownBy(() -> Database.open("jdbc:mysql://localhost/x?password=hunter2", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:mysql://localhost/x")
                .hasMessageNotContaining("hunter2");
    }

    @Test void dialectAndMigrationFolderFollowUrlPrefix() {
        assertThat(Dialect.of("jdbc:postgresql://h/db").migrationLocation()).isEqualTo("classpath:db/migration/postgresql");
        assertThat(Dialect.of("jdbc:sqlite:x.db").migrationLocation()).isEqualTo("classpath:db/migration/sqlite");
    }

    private String pragma(String name) {
        return db.jdbi().withHandle(h -> h.createQuery("PRAGMA " + name).mapTo(String.class).one());
    }
}
