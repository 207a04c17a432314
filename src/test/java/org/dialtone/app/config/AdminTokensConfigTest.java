package org.dialtone.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.dialtone.core.customer.ApiToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code admin_tokens}: validated like customer tokens, with a unique label, and never a customer's token. */
class AdminTokensConfigTest {
    @TempDir Path tmp;

    @Test void plainAndHashedTokensLoadAndNeverShowInToString() throws IOException {
        String hash = ApiToken.hash("hashed-admin-token-0123");
        var cfg = ConfigLoader.load(ConfigFiles.write(tmp, """
                admin_tokens:
                  - {label: ops, token: plain-admin-token-0123}
                  - {label: ci, token_sha256: "%s"}
                """.formatted(hash.toUpperCase())), Map.of());
        assertThat(cfg.adminTokens()).extracting(DialtoneConfig.AdminTokenConfig::label).containsExactly("ops", "ci");
        assertThat(cfg.toString()).doesNotContain("plain-admin-token-0123");
    }

    @Test void noneByDefault() {
        assertThat(ConfigLoader.load(null, Map.of()).adminTokens()).isEmpty();
    }

    @Test void eachEntryIsChecked() throws IOException {
        assertThat(ConfigFiles.onlyProblem(tmp, "admin_tokens: [{label: ops, token: short}]"))
                .isEqualTo("admin_tokens[0].token: must be at least 16 characters");
        assertThat(ConfigFiles.onlyProblem(tmp, "admin_tokens: [{token: plain-admin-token-0123}]"))
                .isEqualTo("admin_tokens[0].label: must not be empty");
        assertThat(ConfigFiles.onlyProblem(tmp, "admin_tokens: [{label: ops}]"))
                .isEqualTo("admin_tokens[0]: set exactly one of token_sha256 or token");
        assertThat(ConfigFiles.onlyProblem(tmp, "admin_tokens: [{label: ops, token_sha256: abc}]"))
                .isEqualTo("admin_tokens[0].token_sha256: must be 64 hex digits (SHA-256 of the token)");
        assertThat(ConfigFiles.onlyProblem(tmp, """
                admin_tokens:
                  - {label: ops, token: plain-admin-token-0123}
                  - {label: ops, token: other-admin-token-0123}
                """)).isEqualTo("admin_tokens[1].label: duplicate admin token label \"ops\"");
        assertThat(ConfigFiles.onlyProblem(tmp, """
                admin_tokens:
                  - {label: ops, token: plain-admin-token-0123}
                  - {label: ci, token_sha256: "%s"}
                """.formatted(ApiToken.hash("plain-admin-token-0123")))).isEqualTo("admin_tokens[1]: duplicate admin token");
    }

    @Test void aCustomersApiTokenIsNoAdminToken() throws IOException {
        assertThat(ConfigFiles.onlyProblem(tmp, """
                customers:
                  - code: "1000001"
                    name: One
                    api_tokens: [{token: shared-token-0123456789}]
                admin_tokens: [{label: ops, token: shared-token-0123456789}]
                """)).isEqualTo("admin_tokens[0]: is also a customer's API token; use another");
    }
}
