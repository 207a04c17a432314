package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The data directory and the SQLite database hold the HA1 hashes that are enough to register as any account: only
 * the switch's own user may read them, from the first start, and wider permissions found at a start are tightened.
 */
class DataFilePermissionsIT {
    private final Logger storeLogger = (Logger) LoggerFactory.getLogger("org.dialtone.store");
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final SwitchFixture sw = new SwitchFixture();

    @AfterEach void stop() {
        storeLogger.detachAppender(captured);
        sw.close();
    }

    @Test
    void theDataDirectoryIs0700AndTheDatabase0600FromTheFirstStart() throws IOException {
        Path data = sw.dir.resolve("data");
        assertThat(permissions(data)).isEqualTo("rwx------");
        assertThat(permissions(data.resolve("dialtone.db"))).isEqualTo("rw-------");
        try (var files = Files.list(data)) {
            assertThat(files).as("the WAL and shared-memory files too").allSatisfy(f ->
                    assertThat(permissions(f)).as(f.toString()).isIn("rw-------", "rwx------"));
        }
    }

    @Test
    void widerPermissionsAreTightenedAtTheNextStartWithALogLine() throws IOException {
        Path data = sw.dir.resolve("data");
        Path db = data.resolve("dialtone.db");
        sw.dialtone.close();
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
        Path wal = data.resolve("dialtone.db-wal");
        if (!Files.exists(wal)) Files.createFile(wal);
        Files.setPosixFilePermissions(wal, PosixFilePermissions.fromString("rw-rw-rw-"));
        captured.start();
        storeLogger.addAppender(captured);

        sw.restart();

        assertThat(permissions(data)).isEqualTo("rwx------");
        assertThat(permissions(db)).isEqualTo("rw-------");
        assertThat(permissions(wal)).isEqualTo("rw-------");
        assertThat(captured.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).contains("data directory", data.toString(), "rwxr-xr-x", "rwx------"))
                .anySatisfy(m -> assertThat(m).contains("database file", db.toString(), "rw-r--r--", "rw-------"));
        assertThat(sw.dialtone.sip().registrations()).isZero(); // and it started normally
    }

    private static String permissions(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
