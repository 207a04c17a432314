package org.dialtone.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Configuration files for tests: write one, and load it expecting exactly one problem. */
final class ConfigFiles {
    private ConfigFiles() {}

    static Path write(Path dir, String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "dialtone", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** The one problem {@code yaml} has (fails if it has none or several). */
    static String onlyProblem(Path dir, String yaml) throws IOException {
        Path file = write(dir, yaml);
        try {
            ConfigLoader.load(file, Map.of());
        } catch (ConfigException e) {
            assertThat(e.problems()).hasSize(1);
            return e.problems().get(0);
        }
        throw new AssertionError("no problem found in " + yaml);
    }
}
