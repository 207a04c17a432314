package org.dialtone.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Working directories for peers, under the build directory ({@code target/e2e/<run>/}), kept after the run so a
 * failure can be inspected (configs, logs, recordings, sipp traces).
 */
public final class TestDirs {
    private static final AtomicInteger counter = new AtomicInteger();
    private static volatile Path runDir;

    private TestDirs() {}

    /** {@code <build dir>/e2e/<yyyyMMdd-HHmmss>-<pid>}, created on first use. */
    public static synchronized Path runDir() {
        if (runDir == null) {
            String name = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                    + ProcessHandle.current().pid();
            runDir = create(buildDir().resolve("e2e").resolve(name));
        }
        return runDir;
    }

    /** A new, unique directory {@code <runDir>/<prefix>-<n>}. */
    public static Path newDir(String prefix) {
        return create(runDir().resolve(prefix.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + counter.incrementAndGet()));
    }

    /** The Maven build directory: the parent of test-classes (honours a custom {@code build.dir}). */
    static Path buildDir() {
        try {
            Path classes = Path.of(TestDirs.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (classes.getFileName() != null && classes.getFileName().toString().equals("test-classes")) {
                return classes.getParent().toAbsolutePath();
            }
        } catch (URISyntaxException | RuntimeException ignored) {
            // fall through
        }
        return Path.of("target").toAbsolutePath();
    }

    private static Path create(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
