package org.dialtone.store;

/** The SQL databases Dialtone supports, recognised by JDBC URL prefix. Each has its own migration folder. */
public enum Dialect {
    SQLITE("jdbc:sqlite:", "classpath:db/migration/sqlite"),
    POSTGRESQL("jdbc:postgresql:", "classpath:db/migration/postgresql");

    private final String urlPrefix;
    private final String migrationLocation;

    Dialect(String urlPrefix, String migrationLocation) {
        this.urlPrefix = urlPrefix;
        this.migrationLocation = migrationLocation;
    }

    /** Flyway location of this dialect's migrations (Flyway's {@code {vendor}} placeholder only works in Spring). */
    public String migrationLocation() { return migrationLocation; }

    public String urlPrefix() { return urlPrefix; }

    /** The dialect of a JDBC URL; throws {@link IllegalArgumentException} for anything else. */
    public static Dialect of(String jdbcUrl) {
        if (jdbcUrl != null) {
            for (Dialect d : values()) {
                if (jdbcUrl.startsWith(d.urlPrefix)) return d;
            }
        }
        throw new IllegalArgumentException("unsupported database URL (expected jdbc:sqlite: or jdbc:postgresql:): "
                + Database.redact(jdbcUrl));
    }
}
