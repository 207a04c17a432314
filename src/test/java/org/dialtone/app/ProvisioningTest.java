package org.dialtone.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dialtone.app.config.ConfigLoader;
import org.dialtone.app.config.DialtoneConfig;
import org.dialtone.core.customer.ApiToken;
import org.dialtone.core.customer.Customer;
import org.dialtone.core.customer.DigestCredentials;
import org.dialtone.core.customer.Extension;
import org.dialtone.store.Database;
import org.dialtone.store.JdbiCustomerRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvisioningTest {
    private static final Pattern ACCOUNT = Pattern.compile("extension (\\d+)\\s+username (\\S+)\\s+password (\\S+)");
    private static final Pattern TOKEN = Pattern.compile("(?m)^\\s+token ([A-Za-z0-9_-]+)$");

    @TempDir Path tmp;
    private Database db;
    private JdbiCustomerRepository repo;

    @BeforeEach void open() {
        db = Database.open(Database.sqliteUrl(tmp), null, null);
        repo = new JdbiCustomerRepository(db.jdbi());
    }

    @AfterEach void close() { db.close(); }

    @Test void firstStartCreatesDemoAndPrintsCredentialsThatMatchTheStoredHashes() {
        String banner = apply(ConfigLoader.load(null, Map.of()));

        assertThat(repo.customers()).containsExactly(new Customer("1000001", "Demo"));
        Map<String, String> printed = new LinkedHashMap<>();
        Matcher m = ACCOUNT.matcher(banner);
        while (m.find()) {
            assertThat(m.group(2)).isEqualTo(m.group(1));
            printed.put(m.group(1), m.group(3));
        }
        assertThat(printed).containsOnlyKeys("200", "201", "202", "226");
        printed.forEach((number, password) -> {
            assertThat(password).hasSize(12).matches("[A-HJ-NP-Za-km-z2-9]+");
            Extension ext = repo.findExtensionBySipUsername(number).orElseThrow();
            assertThat(ext.customerCode()).isEqualTo("1000001");
            assertThat(ext.displayName()).isEqualTo("Extension " + number);
            assertThat(ext.credentials()).isEqualTo(DigestCredentials.derive(number, "test.realm", password));
        });
        assertThat(printed.values()).doesNotHaveDuplicates();

        Matcher t = TOKEN.matcher(banner);
        assertThat(t.find()).isTrue();
        String token = t.group(1);
        assertThat(token).hasSize(43); // 32 bytes, base64url without padding
        assertThat(repo.findTokenByHash(ApiToken.hash(token)))
                .contains(new ApiToken("1000001", ApiToken.hash(token), "demo"));
        assertNoPlainSecretStored(printed.values(), token);
    }

    @Test void secondStartPrintsNothingAndChangesNothing() {
        apply(ConfigLoader.load(null, Map.of()));
        var before = repo.extensions("1000001");

        String second = apply(ConfigLoader.load(null, Map.of()));

        assertThat(second).isEmpty();
        assertThat(repo.customers()).containsExactly(new Customer("1000001", "Demo"));
        assertThat(repo.extensions("1000001")).isEqualTo(before);
    }

    @Test void declaredCustomersAreUpsertedAndPasswordChangeUpdatesHa1() throws IOException {
        String out = apply(ConfigLoader.load(config("first-password", "Alice"), Map.of()));

        assertThat(out).isEmpty();
        assertThat(repo.customers()).containsExactly(new Customer("2000002", "Acme"));
        Extension alice = repo.findExtension("2000002", "300").orElseThrow();
        assertThat(alice).isEqualTo(new Extension("2000002", "300", "Alice", "acme300",
                DigestCredentials.derive("acme300", "test.realm", "first-password")));
        assertThat(repo.findExtension("2000002", "301").orElseThrow().displayName()).isEqualTo("Extension 301");
        assertThat(repo.findTokenByHash(ApiToken.hash("plain-token-from-config"))).get()
                .extracting(ApiToken::label).isEqualTo("ci");
        assertThat(repo.findTokenByHash("cd".repeat(32))).get().extracting(ApiToken::customerCode).isEqualTo("2000002");

        apply(ConfigLoader.load(config("second-password", "Alice Smith"), Map.of()));

        Extension changed = repo.findExtension("2000002", "300").orElseThrow();
        assertThat(changed.displayName()).isEqualTo("Alice Smith");
        assertThat(changed.credentials()).isEqualTo(DigestCredentials.derive("acme300", "test.realm", "second-password"));
        assertThat(changed.credentials().ha1Md5()).isNotEqualTo(alice.credentials().ha1Md5());
        assertThat(repo.extensions("2000002")).hasSize(2);
        assertNoPlainSecretStored(java.util.List.of("first-password", "second-password"), "plain-token-from-config");
    }

    @Test void noDemoWhenDatabaseAlreadyHasCustomers() {
        repo.upsertCustomer(new Customer("3000003", "Existing"));
        assertThat(apply(ConfigLoader.load(null, Map.of()))).isEmpty();
        assertThat(repo.customers()).containsExactly(new Customer("3000003", "Existing"));
    }

    private String apply(DialtoneConfig cfg) {
        var bytes = new ByteArrayOutputStream();
        new Provisioning(repo, "test.realm").apply(cfg, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private Path config(String password, String name) throws IOException {
        return Files.writeString(tmp.resolve("dialtone-" + password + ".yaml"), """
                customers:
                  - code: "2000002"
                    name: Acme
                    extensions:
                      - {number: "300", name: "%s", sip_username: acme300, password: %s}
                      - {number: "301", sip_username: acme301, password: other-password}
                    api_tokens:
                      - {token: plain-token-from-config, label: ci}
                      - {token_sha256: "%s", label: ops}
                """.formatted(name, password, "CD".repeat(32)));
    }

    /** Every text column of every table, checked for the plain secrets. */
    private void assertNoPlainSecretStored(Iterable<String> passwords, String token) {
        String dump = db.jdbi().withHandle(h -> String.join("|",
                h.createQuery("SELECT * FROM extension").mapToMap().list().toString(),
                h.createQuery("SELECT * FROM api_token").mapToMap().list().toString()));
        passwords.forEach(p -> assertThat(dump).doesNotContain(p));
        assertThat(dump).doesNotContain(token);
    }
}
