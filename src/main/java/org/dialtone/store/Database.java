package org.dialtone.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool, schema migrations and JDBI handle of one database (SQLite file or PostgreSQL).
 * <p>
 * SQLite gets a single pooled connection (one writer; WAL lets readers in other processes continue) with
 * {@code foreign_keys=ON}, {@code journal_mode=WAL} and {@code busy_timeout=5000}. Code must therefore never hold
 * one handle while asking for another, or it waits for the pool's connection timeout.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    static final int SQLITE_BUSY_TIMEOUT_MS = 5000;

    private final Dialect dialect;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    private Database(Dialect dialect, HikariDataSource dataSource) {
        this.dialect = dialect;
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
    }

    /** The default database: the SQLite file {@code dialtone.db} inside {@code dataDir}. */
    public static String sqliteUrl(Path dataDir) {
        return "jdbc:sqlite:" + dataDir.resolve("dialtone.db");
    }

    /**
     * Opens the pool and migrates the schema to the newest version. For SQLite the file's directory is created, and
     * the file is made (or kept) readable by this user only.
     * {@code user} and {@code password} may be null (SQLite ignores them).
     */
    public static Database open(String jdbcUrl, String user, String password) {
        Dialect dialect = Dialect.of(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setPoolName("dialtone-db");
        config.setJdbcUrl(jdbcUrl);
        if (user != null && !user.isBlank()) config.setUsername(user);
        if (password != null && !password.isEmpty()) config.setPassword(password);
        config.setConnectionTimeout(10_000);
        if (dialect == Dialect.SQLITE) {
            prepareSqliteFile(jdbcUrl);
            config.setMaximumPoolSize(1);
            config.addDataSourceProperty("foreign_keys", "true");
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("busy_timeout", String.valueOf(SQLITE_BUSY_TIMEOUT_MS));
        } else {
            config.setMaximumPoolSize(8);
        }
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            migrate(dialect, dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        log.info("Database ready: {}", redact(jdbcUrl));
        return new Database(dialect, dataSource);
    }

    private static void migrate(Dialect dialect, DataSource dataSource) {
        var result = Flyway.configure()
                .dataSource(dataSource)
                .locations(dialect.migrationLocation())
                .failOnMissingLocations(true)
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            log.info("Applied {} schema migration(s), now at version {}", result.migrationsExecuted, result.targetSchemaVersion);
        }
    }

    /**
     * Prepares the file of a file-backed SQLite URL such as {@code jdbc:sqlite:data/dialtone.db}: its directory is
     * created if missing, and the file is created, or tightened, readable by this user only ({@link PrivateFiles}).
     */
    private static void prepareSqliteFile(String jdbcUrl) {
        String file = jdbcUrl.substring(Dialect.SQLITE.urlPrefix().length());
        int query = file.indexOf('?');
        if (query >= 0) file = file.substring(0, query);
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) return;
        PrivateFiles.secureDatabaseFile(Path.of(file));
    }

    /** A JDBC URL safe to log: query parameters (which may carry a password) are cut off. */
    static String redact(String jdbcUrl) {
        if (jdbcUrl == null) return "null";
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query) + "?<redacted>";
    }

    public Jdbi jdbi() { return jdbi; }

    public Dialect dialect() { return dialect; }

    /** True when a connection can be obtained and answers {@code SELECT 1}. Never throws. */
    public boolean healthy() {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            log.warn("Database health check failed: {}", e.toString());
            return false;
        }
    }

    @Override public void close() { dataSource.close(); }
}
