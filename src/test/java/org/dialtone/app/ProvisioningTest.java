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
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import org.dialtone.core.dialplan.Did;
import org.dialtone.core.trunk.NumberFormat;
import org.dialtone.core.dialplan.RingGroup;
import org.dialtone.core.trunk.StoredTrunk;
import org.dialtone.store.Database;
import org.dialtone.store.JdbiCustomerRepository;
import org.dialtone.store.JdbiRegistrationRepository;
import org.dialtone.store.JdbiRoutingRepository;
import org.slf4j.LoggerFactory;
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
    private JdbiRoutingRepository routing;

    @BeforeEach void open() {
        db = Database.open(Database.sqliteUrl(tmp), null, null);
        repo = new JdbiCustomerRepository(db.jdbi());
        routing = new JdbiRoutingRepository(db.jdbi());
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

    @Test void withNoCustomerConfiguredStoredCustomersAreKeptAndNoDemoIsCreated() {
        repo.upsertCustomer(new Customer("3000003", "Declared by an earlier configuration"));
        assertThat(apply(ConfigLoader.load(null, Map.of()))).doesNotContain("demo customer");
        assertThat(repo.customers()).containsExactly(new Customer("3000003", "Declared by an earlier configuration"));
    }

    @Test void declaredTrunksDidsAndRingGroupsAreStoredWithoutTheTrunkPassword() throws IOException {
        apply(ConfigLoader.load(routingConfig(true), Map.of()));

        assertThat(routing.trunks()).containsExactly(
                new StoredTrunk("carrier1", "127.0.0.2", 5060, "udp", null, false, null, false, Duration.ofSeconds(600),
                        List.of("127.0.0.2/32"), 0, NumberFormat.E164_PLUS, Duration.ofSeconds(30), null),
                new StoredTrunk("carrier2", "127.0.0.3", 5080, "tcp", "127.0.0.4:5060", true, "acct", true,
                        Duration.ofSeconds(120), List.of("192.0.2.0/24"), 2, NumberFormat.NATIONAL, Duration.ZERO, "1"));
        assertThat(routing.dids()).containsExactly(
                new Did("+12025550100", "2000002", "600"),
                new Did("+12025550101", "2000002", "300"));
        assertThat(routing.ringGroups()).containsExactly(
                new RingGroup("2000002", "600", "Sales", List.of("301", "300"), Duration.ofSeconds(15)));
        String dump = db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM trunk").mapToMap().list().toString());
        assertThat(dump).contains("acct").doesNotContain("trunk-hunter2");
    }

    @Test void whatTheConfigurationNoLongerDeclaresIsRemoved() throws IOException {
        apply(ConfigLoader.load(routingConfig(true), Map.of()));

        apply(ConfigLoader.load(routingConfig(false), Map.of()));

        assertThat(routing.trunks()).extracting(StoredTrunk::name).containsExactly("carrier1");
        assertThat(routing.dids()).containsExactly(new Did("+12025550101", "2000002", "300"));
        assertThat(routing.ringGroups()).isEmpty();
        assertThat(repo.extensions("2000002")).hasSize(2);
    }

    @Test void trunksAreStoredOnADemoStartToo() throws IOException {
        Path file = Files.writeString(tmp.resolve("trunks-only.yaml"), "trunks: [{name: carrier1, host: 127.0.0.2}]\n");
        apply(ConfigLoader.load(file, Map.of()));
        assertThat(repo.customers()).containsExactly(new Customer("1000001", "Demo"));
        assertThat(routing.trunks()).extracting(StoredTrunk::name).containsExactly("carrier1");
    }

    @Test void aTrunkThatCanAcceptNoCallIsWarnedAbout() throws IOException {
        Path file = Files.writeString(tmp.resolve("named.yaml"), """
                trunks:
                  - {name: named, host: sip.carrier.example}
                  - {name: literal, host: 127.0.0.2}
                  - {name: listed, host: sip.carrier.example, inbound_networks: ["192.0.2.0/24"]}
                """);
        Logger logger = (Logger) LoggerFactory.getLogger(Provisioning.class);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        logger.addAppender(captured);
        try {
            apply(ConfigLoader.load(file, Map.of()));
        } finally {
            logger.detachAppender(captured);
        }
        assertThat(captured.list).filteredOn(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("Trunk named accepts no inbound calls: it has no inbound_networks and its host "
                        + "sip.carrier.example is a name, not an IP address");
    }

    private String apply(DialtoneConfig cfg) {
        var bytes = new ByteArrayOutputStream();
        new Provisioning(repo, routing, new JdbiRegistrationRepository(db.jdbi()), "test.realm")
                .apply(cfg, new PrintStream(bytes, true, StandardCharsets.UTF_8));
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

    /** Two trunks, two DIDs and a ring group; without {@code full}: one trunk, one DID, no ring group. */
    private Path routingConfig(boolean full) throws IOException {
        String yaml = full ? """
                trunks:
                  - {name: carrier1, host: 127.0.0.2}
                  - name: carrier2
                    host: 127.0.0.3
                    port: 5080
                    transport: tcp
                    outbound_proxy: "127.0.0.4:5060"
                    username: acct
                    password: trunk-hunter2
                    register: true
                    register_expiry_seconds: 120
                    country_code: "1"
                    inbound_networks: ["192.0.2.0/24"]
                    max_channels: 2
                    number_format: national
                    options_interval_seconds: 0
                customers:
                  - code: "2000002"
                    name: Acme
                    country_code: "1"
                    outbound_trunks: [carrier1, carrier2]
                    extensions:
                      - {number: "300", sip_username: acme300, password: pw300-secret}
                      - {number: "301", sip_username: acme301, password: pw301-secret}
                    dids:
                      - {number: "2025550101", destination: "300"}
                      - {number: "+12025550100", destination: "600"}
                    ring_groups:
                      - {number: "600", name: Sales, members: ["301", "300"], ring_timeout_seconds: 15}
                """ : """
                trunks:
                  - {name: carrier1, host: 127.0.0.2}
                customers:
                  - code: "2000002"
                    name: Acme
                    country_code: "1"
                    outbound_trunks: [carrier1]
                    extensions:
                      - {number: "300", sip_username: acme300, password: pw300-secret}
                      - {number: "301", sip_username: acme301, password: pw301-secret}
                    dids:
                      - {number: "2025550101", destination: "300"}
                """;
        return Files.writeString(tmp.resolve("routing-" + full + ".yaml"), yaml);
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
