package org.dialtone.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The switch's data on disk is readable by its own user only: the data directory is {@code rwx------} (0700) and
 * the SQLite database with its {@code -wal}, {@code -shm} and {@code -journal} companions {@code rw-------} (0600),
 * because the stored HA1 hashes are enough to register as the account. Missing ones are created so; existing ones
 * with wider permissions are tightened at start, with a log line saying what changed. On a file system without POSIX
 * permissions nothing is changed.
 */
public final class PrivateFiles {
    private static final Logger log = LoggerFactory.getLogger(PrivateFiles.class);
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    /** Files SQLite keeps beside the database, holding the same data. */
    static final List<String> SQLITE_COMPANIONS = List.of("-wal", "-shm", "-journal");

    private PrivateFiles() {}

    /** Creates {@code dir} (and its parents) as 0700, or tightens an existing one to 0700. */
    public static void secureDirectory(Path dir) {
        try {
            if (!Files.exists(dir)) {
                Files.createDirectories(dir);
                if (posix()) Files.setPosixFilePermissions(dir, DIRECTORY);
                return;
            }
            tighten(dir, DIRECTORY, "data directory");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create or protect the data directory " + dir, e);
        }
    }

    /**
     * Creates the empty SQLite database file as 0600 before SQLite opens it (SQLite then creates its companions with
     * the same permissions), or tightens an existing database and its companions to 0600.
     */
    static void secureDatabaseFile(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null && !Files.exists(parent)) secureDirectory(parent);
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    if (posix()) Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
                    else Files.createFile(file);
                } catch (FileAlreadyExistsException raced) {
                    // another process created it meanwhile: tighten below
                }
            }
            tighten(file, FILE, "database file");
            for (String suffix : SQLITE_COMPANIONS) {
                Path companion = file.resolveSibling(file.getFileName() + suffix);
                if (Files.exists(companion, LinkOption.NOFOLLOW_LINKS)) tighten(companion, FILE, "database file");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create or protect the database file " + file, e);
        }
    }

    private static void tighten(Path path, Set<PosixFilePermission> wanted, String what) throws IOException {
        if (!posix()) return;
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(path);
        if (now.equals(wanted)) return;
        Files.setPosixFilePermissions(path, wanted);
        log.info("Tightened the permissions of {} {} from {} to {}", what, path, PosixFilePermissions.toString(now),
                PosixFilePermissions.toString(wanted));
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
