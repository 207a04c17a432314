package org.dialtone.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A PostgreSQL server for the tests. {@code PBX_TEST_PG_URL} (with {@code PBX_TEST_PG_USER},
 * {@code PBX_TEST_PG_PASSWORD}) names one to use; otherwise a throwaway cluster is made once per test JVM: {@code initdb}
 * and {@code pg_ctl} from {@code /usr/lib/postgresql/<version>/bin} (the Debian package {@code postgresql}), data under
 * {@code target/postgres-<pid>/} (or a temporary directory when the {@code postgres} user cannot reach
 * {@code target/}), listening on a free port of 127.0.0.1 only, user {@code dialtone} with a random password, no
 * durability (fsync off). PostgreSQL refuses to run as root, so as root the cluster belongs to, and runs as, the
 * {@code postgres} user ({@code runuser}). It is stopped and deleted when the JVM exits.
 * <p>
 * When no server can be had the caller gets an {@link IllegalStateException} saying what to install: a missing
 * database is a failure, never a skip.
 */
public final class TestPostgres {
    /** How to reach the server: a JDBC URL of one database, and its credentials. */
    public record Server(String url, String user, String password) {}

    private static final String RUN_AS = "postgres";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static Server server;
    private static Cluster cluster;

    private TestPostgres() {}

    /** The server's main test database (its tables are the caller's to empty). */
    public static synchronized Server server() {
        if (server != null) return server;
        String url = System.getenv("PBX_TEST_PG_URL");
        if (url != null && !url.isBlank()) {
            server = new Server(url, System.getenv("PBX_TEST_PG_USER"), System.getenv("PBX_TEST_PG_PASSWORD"));
        } else {
            cluster = Cluster.start();
            server = cluster.createDatabase("dialtone_test");
        }
        return server;
    }

    /** A new empty database on the throwaway cluster (e.g. for a whole switch); needs the cluster, not an outside URL. */
    public static synchronized Server newDatabase() {
        server();
        if (cluster == null) {
            throw new IllegalStateException("a fresh database needs the throwaway cluster; unset PBX_TEST_PG_URL");
        }
        return cluster.createDatabase("dialtone_" + DATABASES.incrementAndGet());
    }

    /** One cluster made by this JVM. */
    private record Cluster(Path bin, Path base, Path data, int port, String password, boolean asRoot) {
        static Cluster start() {
            Path bin = binaries().orElseThrow(() -> new IllegalStateException("PostgreSQL server programs (initdb, "
                    + "pg_ctl) not found under /usr/lib/postgresql/*/bin: install the Debian package postgresql "
                    + "(apt-get install postgresql; ./test.sh does it), or set PBX_TEST_PG_URL to a database the tests "
                    + "may empty"));
            boolean asRoot = isRoot();
            Path base = baseDirectory(asRoot);
            Path data = base.resolve("data");
            String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
            int port = FreePorts.tcp();
            Cluster c = new Cluster(bin, base, data, port, password, asRoot);
            try {
                Path pwfile = base.resolve("password");
                Files.writeString(pwfile, password + "\n");
                c.own(pwfile);
                c.run(60, "initdb", "-D", data.toString(), "-U", "dialtone", "--pwfile=" + pwfile, "-A",
                        "scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync");
                Files.delete(pwfile);
                Files.writeString(data.resolve("postgresql.conf"), """

                        # a throwaway cluster for Dialtone's tests
                        listen_addresses = '127.0.0.1'
                        port = %d
                        unix_socket_directories = ''
                        fsync = off
                        synchronous_commit = off
                        full_page_writes = off
                        """.formatted(port), StandardOpenOption.APPEND);
                Runtime.getRuntime().addShutdownHook(new Thread(c::stop, "stop-test-postgres"));
                c.run(90, "pg_ctl", "-D", data.toString(), "-l", base.resolve("postgres.log").toString(), "-w",
                        "-t", "60", "start");
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("could not start a throwaway PostgreSQL cluster in " + base + ": "
                        + e.getMessage() + " (log: " + base.resolve("postgres.log") + ")", e);
            }
            return c;
        }

        Server createDatabase(String name) {
            String admin = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
            try (Connection connection = DriverManager.getConnection(admin, "dialtone", password);
                 var st = connection.createStatement()) {
                st.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException("could not create database " + name + " on the test cluster", e);
            }
            return new Server("jdbc:postgresql://127.0.0.1:" + port + "/" + name, "dialtone", password);
        }

        void stop() {
            try {
                run(30, "pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
            } catch (RuntimeException e) {
                // the JVM is exiting: nothing more to do than try
            }
            try (Stream<Path> files = Files.walk(base)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // left for the next clean
            }
        }

        /**
         * Runs a program of {@link #bin} in {@link #base} (a working directory the {@code postgres} user can enter), as
         * that user when this JVM is root; its output goes to a log there.
         */
        void run(int timeoutSeconds, String program, String... args) {
            List<String> command = new ArrayList<>();
            if (asRoot) command.addAll(List.of("runuser", "-u", RUN_AS, "--"));
            command.add(bin.resolve(program).toString());
            command.addAll(List.of(args));
            Path log = base.resolve(program + ".out");
            try {
                Process p = new ProcessBuilder(command).directory(base.toFile()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(program + " did not finish within " + timeoutSeconds + " s");
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + ": "
                            + Files.readString(log, StandardCharsets.UTF_8).strip());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Hands {@code path} to the user the cluster runs as (nothing to do when not root). */
        void own(Path path) throws IOException {
            if (asRoot) Files.setOwner(path, user());
        }
    }

    /**
     * The newest {@code /usr/lib/postgresql/<version>/bin} holding initdb and pg_ctl, or the directory
     * {@code PBX_TEST_PG_BIN} names (when it holds them).
     */
    static Optional<Path> binaries() {
        String configured = System.getenv("PBX_TEST_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            Path bin = Path.of(configured);
            return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"))
                    ? Optional.of(bin) : Optional.empty();
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) return Optional.empty();
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(TestPostgres::majorVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static UserPrincipal user() throws IOException {
        return Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(RUN_AS);
    }

    /**
     * {@code target/postgres-<pid>/}; as root it is given to {@code postgres}, and when that user cannot reach it
     * (a parent directory closed to others, as {@code /root} is) a directory under {@code /tmp} is used instead.
     */
    private static Path baseDirectory(boolean asRoot) {
        try {
            Path base = TestDirs.buildDir().resolve("postgres-" + ProcessHandle.current().pid()).toAbsolutePath();
            Files.createDirectories(base);
            if (!asRoot) return base;
            Files.setOwner(base, user());
            if (reachableByRunAs(base)) return base;
            Path tmp = Files.createTempDirectory("dialtone-postgres-");
            Files.setOwner(tmp, user());
            return tmp;
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare a directory for the test cluster (is there a user "
                    + RUN_AS + "? the Debian package postgresql creates it): " + e.getMessage(), e);
        }
    }

    private static boolean reachableByRunAs(Path dir) {
        try {
            Process p = new ProcessBuilder("runuser", "-u", RUN_AS, "--", "test", "-w", dir.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
