package org.dialtone.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * External programs the end-to-end tests drive. A missing tool is a test failure with the install command, never a
 * silent skip.
 */
public final class RequiredTool {
    private RequiredTool() {}

    /** The absolute path of {@code binary} on PATH, or an {@link IllegalStateException} naming the Debian package. */
    public static Path require(String binary, String debianPackage) {
        return find(binary).orElseThrow(() -> new IllegalStateException(binary + " not found: install the Debian package "
                + debianPackage + " (apt-get install " + debianPackage + ")"));
    }

    public static Path baresip() { return require("baresip", "baresip-core"); }

    public static Path sipp() { return require("sipp", "sip-tester"); }

    /** A real browser for the event stream's browser test (headless). */
    public static Path chromium() { return require("chromium", "chromium"); }

    static Optional<Path> find(String binary) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, binary);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate.toAbsolutePath());
        }
        return Optional.empty();
    }
}
