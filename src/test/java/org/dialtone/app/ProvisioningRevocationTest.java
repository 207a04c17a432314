package org.dialtone.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dialtone.app.config.ConfigLoader;
import org.dialtone.core.call.CallRecord;
import org.dialtone.core.customer.ApiToken;
import org.dialtone.core.customer.Customer;
import org.dialtone.core.location.Registration;
import org.dialtone.store.Database;
import org.dialtone.store.JdbiCallRecordRepository;
import org.dialtone.store.JdbiCustomerRepository;
import org.dialtone.store.JdbiRegistrationRepository;
import org.dialtone.store.JdbiRoutingRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration is the truth: what it declared before and no longer declares is gone after the next start. */
class ProvisioningRevocationTest {
    private static final String TOKEN_A = "token-of-customer-a-0123456789";
    private static final String TOKEN_A2 = "second-token-of-customer-a-012";
    private static final String TOKEN_B = "token-of-customer-b-0123456789";
    private static final String FULL = """
            customers:
              - code: "1000001"
                name: A
                extensions:
                  - {number: "200", sip_username: a200, password: a200-secret}
                  - {number: "201", sip_username: a201, password: a201-secret}
                api_tokens:
                  - {token: %s, label: first}
                  - {token: %s, label: second}
              - code: "2000002"
                name: B
                extensions:
                  - {number: "300", sip_username: b300, password: b300-secret}
                api_tokens:
                  - {token: %s, label: b}
            """.formatted(TOKEN_A, TOKEN_A2, TOKEN_B);

    @TempDir Path tmp;
    private Database db;
    private JdbiCustomerRepository repo;
    private JdbiRegistrationRepository registrations;

    @BeforeEach void open() {
        db = Database.open(Database.sqliteUrl(tmp), null, null);
        repo = new JdbiCustomerRepository(db.jdbi());
        registrations = new JdbiRegistrationRepository(db.jdbi());
    }

    @AfterEach void close() { db.close(); }

    @Test void anUndeclaredTokenAndExtensionAreRemovedWithTheExtensionsRegistrations() throws IOException {
        apply(FULL);
        register("a201");
        register("a200");

        apply(FULL.replace("      - {number: \"201\", sip_username: a201, password: a201-secret}\n", "")
                .replace("      - {token: " + TOKEN_A2 + ", label: second}\n", ""));

        assertThat(repo.findExtension("1000001", "201")).isEmpty();
        assertThat(repo.findExtensionBySipUsername("a201")).isEmpty();
        assertThat(repo.findExtension("1000001", "200")).isPresent();
        assertThat(repo.findTokenByHash(ApiToken.hash(TOKEN_A2))).isEmpty();
        assertThat(repo.findTokenByHash(ApiToken.hash(TOKEN_A))).isPresent();
        assertThat(registrations.all()).extracting(Registration::sipUsername).containsExactly("a200");
    }

    @Test void anUndeclaredCustomerWithoutHistoryIsDeleted() throws IOException {
        apply(FULL);
        apply(FULL.substring(0, FULL.indexOf("  - code: \"2000002\"")));

        assertThat(repo.customers()).extracting(Customer::code).containsExactly("1000001");
        assertThat(repo.disabledCustomers()).isEmpty();
        assertThat(repo.findTokenByHash(ApiToken.hash(TOKEN_B))).isEmpty();
        assertThat(repo.findExtensionBySipUsername("b300")).isEmpty();
    }

    @Test void anUndeclaredCustomerWithCallRecordsIsDisabledNotDeletedAndComesBackWhenDeclaredAgain() throws IOException {
        apply(FULL);
        var records = new JdbiCallRecordRepository(db.jdbi());
        records.save(java.util.List.of(new CallRecord("1.1", "2000002", "300", "301", Instant.EPOCH, null,
                Instant.EPOCH.plusSeconds(5), "NO ANSWER", "internal", null, null)));
        register("b300");

        apply(FULL.substring(0, FULL.indexOf("  - code: \"2000002\"")));

        assertThat(repo.customers()).extracting(Customer::code).containsExactly("1000001");
        assertThat(repo.disabledCustomers()).containsExactly("2000002");
        assertThat(repo.findCustomer("2000002")).as("left out of lookups").isEmpty();
        assertThat(repo.findTokenByHash(ApiToken.hash(TOKEN_B))).isEmpty();
        assertThat(repo.extensions("2000002")).isEmpty();
        assertThat(registrations.all()).extracting(Registration::sipUsername).doesNotContain("b300");
        assertThat(records.recent("2000002", 10)).as("history stays").hasSize(1);
        String name = db.jdbi().withHandle(h -> h.createQuery("SELECT name FROM customer WHERE code = '2000002'")
                .mapTo(String.class).one());
        assertThat(name).isEqualTo("B");

        apply(FULL);
        assertThat(repo.customers()).extracting(Customer::code).containsExactly("1000001", "2000002");
        assertThat(repo.disabledCustomers()).isEmpty();
        assertThat(repo.findTokenByHash(ApiToken.hash(TOKEN_B))).isPresent();
    }

    @Test void theDemoCustomerIsRemovedOnceCustomersAreConfigured() throws IOException {
        String banner = apply(null);
        Matcher token = Pattern.compile("(?m)^\\s+token ([A-Za-z0-9_-]+)$").matcher(banner);
        assertThat(token.find()).isTrue();
        assertThat(repo.findTokenByHash(ApiToken.hash(token.group(1)))).isPresent();

        String second = apply(FULL.substring(0, FULL.indexOf("  - code: \"1000001\"")) + FULL.substring(
                FULL.indexOf("  - code: \"2000002\"")));

        assertThat(second).as("no demo banner once customers are configured").isEmpty();
        assertThat(repo.customers()).extracting(Customer::code).containsExactly("2000002");
        assertThat(repo.findTokenByHash(ApiToken.hash(token.group(1)))).as("the printed demo token").isEmpty();
        assertThat(repo.findExtensionBySipUsername("200")).as("a demo extension").isEmpty();
    }

    @Test void aStartWithoutAnyCustomerDeclaredKeepsTheConfiguredOnesAndCreatesNoDemo() throws IOException {
        apply(FULL);
        String banner = apply(null);
        assertThat(banner).as("no demo banner: customers exist").isEmpty();
        assertThat(repo.customers()).extracting(Customer::code).containsExactly("1000001", "2000002");
        assertThat(repo.findTokenByHash(ApiToken.hash(TOKEN_B))).isPresent();
    }

    @Test void aDeclaredCustomerWithTheDemoCodeReplacesTheDemosExtensionsAndToken() throws IOException {
        String banner = apply(null);
        Matcher token = Pattern.compile("(?m)^\\s+token ([A-Za-z0-9_-]+)$").matcher(banner);
        assertThat(token.find()).isTrue();

        apply(FULL);

        assertThat(repo.findCustomer("1000001")).contains(new Customer("1000001", "A"));
        assertThat(repo.findTokenByHash(ApiToken.hash(token.group(1)))).isEmpty();
        assertThat(repo.extensions("1000001")).extracting(e -> e.sipUsername()).containsExactly("a200", "a201");
    }

    @Test void sipUserNamesCanBeSwappedAndMovedBetweenCustomers() throws IOException {
        apply(FULL);
        apply(FULL.replace("sip_username: a200", "sip_username: tmp").replace("sip_username: a201", "sip_username: a200")
                .replace("sip_username: tmp", "sip_username: a201").replace("sip_username: b300", "sip_username: moved")
                .replace("{number: \"201\",", "{number: \"202\", sip_username: b300, password: b300-secret}\n"
                        + "      - {number: \"201\","));

        assertThat(repo.findExtensionBySipUsername("a200").orElseThrow().number()).isEqualTo("201");
        assertThat(repo.findExtensionBySipUsername("a201").orElseThrow().number()).isEqualTo("200");
        assertThat(repo.findExtensionBySipUsername("b300").orElseThrow().customerCode()).isEqualTo("1000001");
        assertThat(repo.findExtensionBySipUsername("moved").orElseThrow().customerCode()).isEqualTo("2000002");
    }

    private void register(String user) {
        registrations.save(new Registration(user, "sip:" + user + "@127.0.0.1:5099", "127.0.0.1:5099", "udp", "c-" + user,
                Instant.now().plusSeconds(600), null));
    }

    /** Applies a configuration ({@code null}: none at all) and returns what was printed. */
    private String apply(String yaml) throws IOException {
        Path file = yaml == null ? null : Files.writeString(Files.createTempFile(tmp, "dialtone", ".yaml"), yaml);
        var bytes = new ByteArrayOutputStream();
        new Provisioning(repo, new JdbiRoutingRepository(db.jdbi()), registrations, "test.realm")
                .apply(ConfigLoader.load(file, Map.of()), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
