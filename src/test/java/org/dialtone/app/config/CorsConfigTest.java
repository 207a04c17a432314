package org.dialtone.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code http.cors_allowed_origins}: empty by default, a YAML list or a comma-separated environment value of origins. */
class CorsConfigTest {
    @TempDir Path tmp;

    @Test void emptyByDefault() {
        assertThat(ConfigLoader.load(null, Map.of()).http().corsAllowedOrigins()).isEmpty();
    }

    @Test void listFromFile() throws IOException {
        Path file = ConfigFiles.write(tmp, """
                http:
                  cors_allowed_origins: ["https://app.example.com", "http://localhost:3000"]
                """);
        assertThat(ConfigLoader.load(file, Map.of()).http().corsAllowedOrigins())
                .containsExactly("https://app.example.com", "http://localhost:3000");
    }

    @Test void commaSeparatedFromEnvironmentReplacesTheFile() throws IOException {
        Path file = ConfigFiles.write(tmp, """
                http:
                  cors_allowed_origins: ["https://old.example.com"]
                """);
        var c = ConfigLoader.load(file, Map.of("DIALTONE_HTTP_CORS_ALLOWED_ORIGINS",
                "https://app.example.com, http://127.0.0.1:8000"));
        assertThat(c.http().corsAllowedOrigins()).isEqualTo(List.of("https://app.example.com", "http://127.0.0.1:8000"));
    }

    @Test void entriesMustBeOrigins() throws IOException {
        for (String bad : List.of("*", "app.example.com", "https://app.example.com/", "https://app.example.com/page",
                "ftp://app.example.com", "null", "https://user@app.example.com", "")) {
            assertThat(ConfigFiles.onlyProblem(tmp, "http: {cors_allowed_origins: [\"" + bad + "\"]}\n"))
                    .as(bad).startsWith("http.cors_allowed_origins: each entry must be an origin").contains("\"" + bad + "\"");
        }
    }

    @Test void aBadEntryFromTheEnvironmentNamesTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("DIALTONE_HTTP_CORS_ALLOWED_ORIGINS", "https://a.example/x")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("(from DIALTONE_HTTP_CORS_ALLOWED_ORIGINS)");
    }
}
