package org.dialtone.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir Path tmp;

    @Test void defaultsWithoutFileOrEnvironment() {
        DialtoneConfig c = ConfigLoader.load(null, Map.of());

        assertThat(c.sip()).isEqualTo(new DialtoneConfig.Sip("0.0.0.0", null, 5060, 5060, "dialtone",
                60, 3600, 600, 300, 30, 10, false));
        assertThat(c.http()).isEqualTo(new DialtoneConfig.Http("0.0.0.0", 8080, 20, 40, 5, java.util.List.of()));
        assertThat(c.rtp()).isEqualTo(new DialtoneConfig.Rtp("0.0.0.0", 20000, 29999, 60));
        assertThat(c.events()).isEqualTo(new DialtoneConfig.Events(10_000, 600, 1_000, 20, 15, 3_000));
        assertThat(c.dataDir()).isEqualTo("./data");
        assertThat(c.database()).isEqualTo(new DialtoneConfig.DatabaseConfig("jdbc:sqlite:./data/dialtone.db", null, null));
        assertThat(c.customers()).isEmpty();
    }

    @Test void fileOverridesDefaultsAndEnvironmentOverridesFile() throws IOException {
        Path file = write("""
                sip:
                  udp_port: 5070
                  realm: pbx.example.com
                http:
                  port: 9090
                  rate_limit_burst: 100
                data_dir: /var/lib/dialtone
                customers:
                  - code: "1234567"
                    name: Acme
                    extensions:
                      - {number: "200", name: Alice, sip_username: acme200, password: file-secret}
                    api_tokens:
                      - {token: "a-long-plain-token-123", label: ci}
                      - {token_sha256: "%s", label: ops}
                """.formatted("ab".repeat(32)));
        Map<String, String> env = Map.of(
                "DIALTONE_SIP_UDP_PORT", "5080",
                "DIALTONE_DATABASE_URL", "jdbc:postgresql://db/dialtone",
                "DIALTONE_DATABASE_USER", "pbx",
                "DIALTONE_DATABASE_PASSWORD", "env-secret",
                "DIALTONE_SIP_ADVERTISED_ADDRESS", "203.0.113.7",
                "DIALTONE_RTP_PORT_MAX", "",
                "DIALTONE_EVENTS_MAX_STREAMS_PER_TOKEN", "3",
                "DIALTONE_HTTP_RATE_LIMIT_PER_SECOND", "7");

        DialtoneConfig c = ConfigLoader.load(file, env);

        assertThat(c.sip().udpPort()).isEqualTo(5080);
        assertThat(c.sip().tcpPort()).isEqualTo(5060);
        assertThat(c.sip().realm()).isEqualTo("pbx.example.com");
        assertThat(c.sip().effectiveAdvertisedAddress()).isEqualTo("203.0.113.7");
        assertThat(c.http().port()).isEqualTo(9090);
        assertThat(c.http().rateLimitBurst()).isEqualTo(100);
        assertThat(c.http().rateLimitPerSecond()).isEqualTo(7);
        assertThat(c.http().syncAnswerMarginSeconds()).isEqualTo(5);
        assertThat(c.rtp().portMax()).isEqualTo(29999);
        assertThat(c.events().maxStreamsPerToken()).isEqualTo(3);
        assertThat(c.dataDir()).isEqualTo("/var/lib/dialtone");
        assertThat(c.database().url()).isEqualTo("jdbc:postgresql://db/dialtone");
        assertThat(c.database().user()).isEqualTo("pbx");
        assertThat(c.database().password().reveal()).isEqualTo("env-secret");
        var customer = c.customers().get(0);
        assertThat(customer.code()).isEqualTo("1234567");
        assertThat(customer.extensions()).singleElement().satisfies(e -> {
            assertThat(e.number()).isEqualTo("200");
            assertThat(e.name()).isEqualTo("Alice");
            assertThat(e.sipUsername()).isEqualTo("acme200");
            assertThat(e.password().reveal()).isEqualTo("file-secret");
        });
        assertThat(customer.apiTokens().get(0).token().reveal()).isEqualTo("a-long-plain-token-123");
        assertThat(customer.apiTokens().get(1).tokenSha256()).isEqualTo("ab".repeat(32));
        assertThat(customer.apiTokens().get(1).label()).isEqualTo("ops");
    }

    @Test void defaultDatabaseUrlFollowsDataDirFromEnvironment() {
        DialtoneConfig c = ConfigLoader.load(null, Map.of("DIALTONE_DATA_DIR", "/srv/pbx"));
        assertThat(c.database().url()).isEqualTo("jdbc:sqlite:/srv/pbx/dialtone.db");
    }

    @Test void toStringNeverShowsSecrets() throws IOException {
        Path file = write("""
                database: {password: db-hunter2}
                customers:
                  - code: "1234567"
                    name: Acme
                    extensions: [{number: "200", sip_username: u200, password: ext-hunter2}]
                    api_tokens: [{token: "token-hunter2-0123456789"}]
                """);
        String text = ConfigLoader.load(file, Map.of()).toString();
        assertThat(text).contains("u200", "<redacted>").doesNotContain("hunter2");
    }

    @Test void emptyFileMeansDefaults() throws IOException {
        assertThat(ConfigLoader.load(write(""), Map.of())).isEqualTo(ConfigLoader.load(null, Map.of()));
    }

    @Test void emptySectionsKeepTheirDefaults() throws IOException {
        DialtoneConfig c = ConfigLoader.load(write("sip:\nhttp:\ndatabase:\ncustomers:\n"), Map.of("DIALTONE_HTTP_PORT", "8081"));
        assertThat(c.sip().udpPort()).isEqualTo(5060);
        assertThat(c.http().port()).isEqualTo(8081);
        assertThat(c.database().url()).isEqualTo("jdbc:sqlite:./data/dialtone.db");
        assertThat(c.customers()).isEmpty();
    }

    @Test void configPathFromArgumentOrEnvironment() {
        Map<String, String> env = Map.of("DIALTONE_CONFIG", "/etc/dialtone.yaml");
        assertThat(ConfigLoader.resolvePath(new String[] {"--config", "a.yaml"}, env)).isEqualTo(Path.of("a.yaml"));
        assertThat(ConfigLoader.resolvePath(new String[] {"--config=b.yaml"}, env)).isEqualTo(Path.of("b.yaml"));
        assertThat(ConfigLoader.resolvePath(new String[0], env)).isEqualTo(Path.of("/etc/dialtone.yaml"));
        assertThat(ConfigLoader.resolvePath(new String[0], Map.of())).isNull();
        assertThat(ConfigLoader.envName("sip.nonce_lifetime_seconds")).isEqualTo("DIALTONE_SIP_NONCE_LIFETIME_SECONDS");
    }

    @Test void advertisedAddressChoice() {
        assertThat(AdvertisedAddress.choose(null, "10.1.2.3", () -> Optional.of("192.168.0.9"))).isEqualTo("10.1.2.3");
        assertThat(AdvertisedAddress.choose(null, "0.0.0.0", () -> Optional.of("192.168.0.9"))).isEqualTo("192.168.0.9");
        assertThat(AdvertisedAddress.choose(null, "0.0.0.0", Optional::empty)).isEqualTo("127.0.0.1");
        assertThat(AdvertisedAddress.choose("198.51.100.1", "0.0.0.0", Optional::empty)).isEqualTo("198.51.100.1");
        assertThat(ConfigLoader.load(null, Map.of()).sip().effectiveAdvertisedAddress())
                .matches("\\d+\\.\\d+\\.\\d+\\.\\d+").isNotEqualTo("0.0.0.0");
    }

    // --- invalid configurations: each message names the key path ---

    @Test void portOutOfRange() throws IOException {
        assertProblem("sip: {udp_port: 70000}", "sip.udp_port: must be 1-65535, got 70000");
        assertProblem("http: {port: 0}", "http.port: must be 1-65535, got 0");
    }

    @Test void apiLimits() throws IOException {
        assertProblem("http: {rate_limit_per_second: 0}", "http.rate_limit_per_second: must be at least 1, got 0");
        assertProblem("http: {rate_limit_burst: -3}", "http.rate_limit_burst: must be at least 1, got -3");
        assertProblem("http: {sync_answer_margin_seconds: -1}", "http.sync_answer_margin_seconds: must not be negative, got -1");
    }

    @Test void badTypeInFile() throws IOException {
        assertProblem("sip: {udp_port: five}", "sip.udp_port: must be an integer, got \"five\"");
        assertProblem("sip: [1, 2]", "sip: must be a mapping of keys");
    }

    @Test void badTypeFromEnvironmentNamesTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("DIALTONE_HTTP_PORT", "eighty")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("http.port: must be an integer, got \"eighty\" (from DIALTONE_HTTP_PORT)");
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("DIALTONE_SIP_TCP_PORT", "99999")))
                .hasMessage("sip.tcp_port: must be 1-65535, got 99999 (from DIALTONE_SIP_TCP_PORT)");
    }

    @Test void rtpRange() throws IOException {
        assertProblem("rtp: {port_min: 30000, port_max: 20000}", "rtp.port_max: must be greater than rtp.port_min (30000), got 20000");
        assertProblem("rtp: {port_min: 20001}", "rtp.port_min: must be even (RTP uses even ports, RTCP the next odd one), got 20001");
        assertProblem("rtp: {port_min: 5000, port_max: 6000}", "rtp.port_min: range 5000-6000 contains sip.udp_port 5060");
    }

    @Test void expiresOrder() throws IOException {
        assertProblem("sip: {default_expires: 7200}", "sip.default_expires: must be between sip.min_expires and sip.max_expires (60-3600), got 7200");
        assertProblem("sip: {min_expires: 0}", "sip.min_expires: must be at least 1, got 0");
    }

    @Test void unknownKeys() throws IOException {
        assertProblem("sipp: {udp_port: 5060}", "sipp: unknown key");
        assertProblem("sip: {udp_prot: 5060}", "sip.udp_prot: unknown key");
    }

    @Test void customerCodeMustBeSevenDigits() throws IOException {
        assertProblem("customers: [{code: \"12345\", name: Short}]", "customers[0].code: must be 7 digits, got \"12345\"");
    }

    @Test void extensionProblemsNameTheIndex() throws IOException {
        assertProblem("""
                customers:
                  - code: "1234567"
                    name: Acme
                    extensions:
                      - {number: "200", sip_username: alice, password: pw-one-secret}
                      - {number: "2x1", sip_username: bob, password: pw-two-secret}
                """, "customers[0].extensions[1].number: must be 1-20 digits, got \"2x1\"");
    }

    @Test void duplicateSipUsernameAcrossCustomers() throws IOException {
        assertProblem("""
                customers:
                  - {code: "1234567", name: A, extensions: [{number: "200", sip_username: same, password: p1-secret}]}
                  - {code: "7654321", name: B, extensions: [{number: "200", sip_username: same, password: p2-secret}]}
                """, "customers[1].extensions[0].sip_username: duplicate sip_username same (also at customers[0].extensions[0].sip_username)");
    }

    @Test void emptyPasswordIsRejectedWithoutEchoingSecrets() throws IOException {
        assertProblem("""
                customers:
                  - {code: "1234567", name: A, extensions: [{number: "200", sip_username: u, password: ""}]}
                """, "customers[0].extensions[0].password: must not be empty");
        assertProblem("""
                customers:
                  - {code: "1234567", name: A, extensions: [{number: "200", sip_username: u}]}
                """, "customers[0].extensions[0].password: must not be empty");
    }

    @Test void aSipPasswordShorterThanEightCharactersIsRefusedNamingTheKeyNotTheSecret() throws IOException {
        Path file = write("""
                customers:
                  - {code: "1234567", name: A, extensions: [{number: "200", sip_username: u, password: "Seven77"}]}
                """);
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).contains("customers[0].extensions[0].password: must be at least 8 characters");
                    assertThat(e.getMessage()).doesNotContain("Seven77");
                });
        assertThat(ConfigLoader.load(write("""
                customers:
                  - {code: "1234567", name: A, extensions: [{number: "200", sip_username: u, password: "Eight888"}]}
                """), Map.of()).customers()).hasSize(1);
        // characters, not bytes: seven accented letters are fourteen bytes but still seven characters
        assertProblem("""
                customers:
                  - {code: "1234567", name: A, extensions: [{number: "200", sip_username: u, password: "ééééééé"}]}
                """, "customers[0].extensions[0].password: must be at least 8 characters");
    }

    @Test void apiTokenNeedsExactlyOneForm() throws IOException {
        assertProblem("customers: [{code: \"1234567\", name: A, api_tokens: [{label: none}]}]",
                "customers[0].api_tokens[0]: set exactly one of token_sha256 or token");
        assertProblem("customers: [{code: \"1234567\", name: A, api_tokens: [{token_sha256: abc}]}]",
                "customers[0].api_tokens[0].token_sha256: must be 64 hex digits (SHA-256 of the token)");
    }

    @Test void databaseUrlMustBeSupported() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("DIALTONE_DATABASE_URL", "jdbc:mysql://x/y")))
                .hasMessage("database.url: must start with jdbc:sqlite: or jdbc:postgresql: (from DIALTONE_DATABASE_URL)");
    }

    @Test void allProblemsAreReportedTogether() throws IOException {
        Path file = write("sip: {udp_port: 0, tcp_port: 70000}\nhttp: {port: -1}");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "sip.udp_port: must be 1-65535, got 0",
                        "sip.tcp_port: must be 1-65535, got 70000",
                        "http.port: must be 1-65535, got -1"));
    }

    @Test void missingFileAndBrokenYaml() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(tmp.resolve("nope.yaml"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("config file not found");
        Path broken = write("sip: {udp_port: 5060\n");
        assertThatThrownBy(() -> ConfigLoader.load(broken, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("invalid YAML at line");
    }

    private void assertProblem(String yaml, String expected) throws IOException {
        Path file = write(yaml);
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).contains(expected));
    }

    private Path write(String yaml) throws IOException {
        Path file = Files.createTempFile(tmp, "dialtone", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
