package org.dialtone.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dialtone.app.config.DialtoneConfig.TrunkConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trunks}: binding, per-item defaults, environment overrides around them, and one test per bad value. */
class TrunkConfigTest {
    @TempDir Path tmp;

    @Test void noTrunksByDefault() {
        assertThat(ConfigLoader.load(null, Map.of()).trunks()).isEmpty();
    }

    @Test void keysLeftOutOfEachItemGetTheirDefaults() throws IOException {
        DialtoneConfig c = ConfigLoader.load(ConfigFiles.write(tmp, """
                trunks:
                  - {name: minimal, host: 127.0.0.2}
                  - name: full
                    host: sip.carrier.example
                    port: 5080
                    transport: tcp
                    outbound_proxy: "127.0.0.3:5070"
                    username: acct
                    password: trunk-secret
                    register: true
                    register_expiry_seconds: 300
                    country_code: "49"
                    inbound_networks: ["192.0.2.0/24", "2001:db8::/32"]
                    max_channels: 10
                    number_format: national
                    options_interval_seconds: 0
                  - {name: third, host: 127.0.0.4, port: 5090}
                """), Map.of());

        assertThat(c.trunks()).hasSize(3);
        assertThat(c.trunks().get(0)).isEqualTo(new TrunkConfig("minimal", "127.0.0.2", 5060, "udp", null, null, null,
                false, 600, null, List.of(), 0, "e164_plus", 30));
        assertThat(c.trunks().get(1)).isEqualTo(new TrunkConfig("full", "sip.carrier.example", 5080, "tcp",
                "127.0.0.3:5070", "acct", Secret.of("trunk-secret"), true, 300, "49",
                List.of("192.0.2.0/24", "2001:db8::/32"), 10, "national", 0));
        TrunkConfig third = c.trunks().get(2);
        assertThat(third.port()).isEqualTo(5090);
        assertThat(third.transport()).isEqualTo("udp");
        assertThat(third.registerExpirySeconds()).isEqualTo(600);
        assertThat(third.optionsIntervalSeconds()).isEqualTo(30);
    }

    @Test void environmentOverridesStillWorkAndCannotReachTrunks() throws IOException {
        Path file = ConfigFiles.write(tmp, """
                sip: {udp_port: 5070}
                trunks:
                  - {name: carrier1, host: 127.0.0.2}
                """);
        DialtoneConfig c = ConfigLoader.load(file, Map.of(
                "DIALTONE_SIP_UDP_PORT", "5080",
                "DIALTONE_HTTP_CORS_ALLOWED_ORIGINS", "https://a.example, http://localhost:3000",
                "DIALTONE_TRUNKS", "carrier9",
                "DIALTONE_TRUNKS_0_HOST", "127.0.0.9"));

        assertThat(c.sip().udpPort()).isEqualTo(5080);
        assertThat(c.http().corsAllowedOrigins()).containsExactly("https://a.example", "http://localhost:3000");
        assertThat(c.trunks()).extracting(TrunkConfig::name, TrunkConfig::host).containsExactly(
                org.assertj.core.groups.Tuple.tuple("carrier1", "127.0.0.2"));
    }

    @Test void toStringNeverShowsTheTrunkPassword() throws IOException {
        DialtoneConfig c = ConfigLoader.load(ConfigFiles.write(tmp, """
                trunks: [{name: c1, host: 127.0.0.2, username: acct, password: trunk-hunter2}]
                """), Map.of());
        assertThat(c.toString()).contains("acct", "<redacted>").doesNotContain("hunter2");
        assertThat(c.trunks().get(0).password().reveal()).isEqualTo("trunk-hunter2");
    }

    // --- one bad value each; the message names the key path ---

    @Test void name() throws IOException {
        assertThat(problem("{name: Carrier1, host: h}"))
                .isEqualTo("trunks[0].name: must be 1-32 of a-z, 0-9, _ and -, got \"Carrier1\"");
        assertThat(problem("{name: " + "a".repeat(33) + ", host: h}")).startsWith("trunks[0].name: must be 1-32 of");
        assertThat(problem("{host: h}")).isEqualTo("trunks[0].name: must be 1-32 of a-z, 0-9, _ and -, got nothing");
        assertThat(ConfigFiles.onlyProblem(tmp, """
                trunks:
                  - {name: carrier1, host: 127.0.0.2}
                  - {name: carrier1, host: 127.0.0.3}
                """)).isEqualTo("trunks[1].name: duplicate trunk name carrier1 (also at trunks[0].name)");
    }

    @Test void host() throws IOException {
        assertThat(problem("{name: c1, host: \" \"}")).isEqualTo("trunks[0].host: must not be empty");
        assertThat(problem("{name: c1}")).isEqualTo("trunks[0].host: must not be empty");
        assertThat(problem("{name: c1, host: \"sip.example:5060\"}")).isEqualTo(
                "trunks[0].host: must be an IP address or a host name (no port: set trunks[0].port), got \"sip.example:5060\"");
        assertThat(problem("{name: c1, host: \"sip carrier\"}")).startsWith("trunks[0].host: must be an IP address or a host name");
        assertThat(problem("{name: c1, host: \" 127.0.0.2\"}")).startsWith("trunks[0].host: must be an IP address or a host name");
        assertThat(problem("{name: c1, host: \"sip:carrier.example\"}")).startsWith("trunks[0].host: must be an IP address or a host name");
        assertThat(load("{name: c1, host: \"[2001:db8::1]\"}").trunks().get(0).host()).isEqualTo("[2001:db8::1]");
        assertThat(load("{name: c1, host: \"2001:db8::1\"}").trunks().get(0).host()).isEqualTo("2001:db8::1");
    }

    @Test void port() throws IOException {
        assertThat(problem("{name: c1, host: h, port: 0}")).isEqualTo("trunks[0].port: must be 1-65535, got 0");
        assertThat(problem("{name: c1, host: h, port: 65536}")).isEqualTo("trunks[0].port: must be 1-65535, got 65536");
        assertThat(problem("{name: c1, host: h, port: five}")).isEqualTo("trunks[0].port: must be an integer, got \"five\"");
    }

    @Test void transport() throws IOException {
        assertThat(problem("{name: c1, host: h, transport: tls}")).isEqualTo("trunks[0].transport: must be udp or tcp, got \"tls\"");
    }

    @Test void outboundProxy() throws IOException {
        String expected = "trunks[0].outbound_proxy: must be host:port (an IPv6 address in brackets), got ";
        assertThat(problem("{name: c1, host: h, outbound_proxy: proxy.example}")).isEqualTo(expected + "\"proxy.example\"");
        assertThat(problem("{name: c1, host: h, outbound_proxy: \"proxy.example:0\"}")).isEqualTo(expected + "\"proxy.example:0\"");
        assertThat(problem("{name: c1, host: h, outbound_proxy: \"2001:db8::1:5060\"}")).isEqualTo(expected + "\"2001:db8::1:5060\"");
        assertThat(load("{name: c1, host: h, outbound_proxy: \"[2001:db8::1]:5060\"}").trunks().get(0).outboundProxy())
                .isEqualTo("[2001:db8::1]:5060");
        assertThat(load("{name: c1, host: h, outbound_proxy: \"127.0.0.3:5070\"}").trunks().get(0).outboundProxy())
                .isEqualTo("127.0.0.3:5070");
    }

    @Test void usernameAndPasswordGoTogetherAndThePasswordIsNeverShown() throws IOException {
        assertThat(problem("{name: c1, host: h, username: acct}")).isEqualTo("trunks[0].password: must be set when username is");
        assertThat(problem("{name: c1, host: h, password: pw-hunter2}")).isEqualTo("trunks[0].username: must be set when password is");
        assertThat(problem("{name: c1, host: h, username: acct, password: \"\"}")).isEqualTo("trunks[0].password: must not be empty when set");
        assertThat(problem("{name: c1, host: h, username: acct, password: [pw-hunter2]}")).isEqualTo("trunks[0].password: must be a string");
        assertThat(problem("{name: c1, host: h, username: acct, password: {x: pw-hunter2}}")).isEqualTo("trunks[0].password: must be a string");
    }

    @Test void registerNeedsCredentials() throws IOException {
        assertThat(problem("{name: c1, host: h, register: true}"))
                .isEqualTo("trunks[0].register: needs username and password (the carrier challenges REGISTER)");
        assertThat(problem("{name: c1, host: h, register: maybe}")).isEqualTo("trunks[0].register: must be true or false, got \"maybe\"");
    }

    @Test void registerExpiry() throws IOException {
        assertThat(problem("{name: c1, host: h, register_expiry_seconds: 59}")).isEqualTo("trunks[0].register_expiry_seconds: must be 60-86400, got 59");
        assertThat(problem("{name: c1, host: h, register_expiry_seconds: 86401}")).isEqualTo("trunks[0].register_expiry_seconds: must be 60-86400, got 86401");
    }

    @Test void inboundNetworks() throws IOException {
        assertThat(problem("{name: c1, host: h, inbound_networks: [\"192.0.2.0/24\", carrier.example]}")).isEqualTo(
                "trunks[0].inbound_networks[1]: must be a network like 192.0.2.0/24 or 2001:db8::/32 (not an IPv4 or IPv6 address: "
                        + "\"carrier.example\"), got \"carrier.example\"");
        assertThat(problem("{name: c1, host: h, inbound_networks: [\"10.0.0.0/33\"]}"))
                .startsWith("trunks[0].inbound_networks[0]: must be a network like").contains("prefix length must be 0-32");
        assertThat(problem("{name: c1, host: h, inbound_networks: [\"10.1.2.3/8\"]}"))
                .contains("did you mean 10.0.0.0/8?");
        assertThat(problem("{name: c1, host: h, inbound_networks: [\"2001:db8::/129\"]}"))
                .startsWith("trunks[0].inbound_networks[0]: ").contains("prefix length must be 0-128");
    }

    @Test void maxChannels() throws IOException {
        assertThat(problem("{name: c1, host: h, max_channels: -1}")).isEqualTo("trunks[0].max_channels: must be 0 (no limit) or more, got -1");
    }

    @Test void numberFormat() throws IOException {
        assertThat(problem("{name: c1, host: h, number_format: e123}"))
                .isEqualTo("trunks[0].number_format: must be e164_plus, e164 or national, got \"e123\"");
        assertThat(problem("{name: c1, host: h, number_format: national}"))
                .isEqualTo("trunks[0].country_code: must be set when number_format is national");
        assertThat(problem("{name: c1, host: h, number_format: national, country_code: \"049\"}"))
                .isEqualTo("trunks[0].country_code: must be 1-3 digits not starting with 0, got \"049\"");
    }

    @Test void optionsInterval() throws IOException {
        assertThat(problem("{name: c1, host: h, options_interval_seconds: 4}"))
                .isEqualTo("trunks[0].options_interval_seconds: must be 0 (no keepalive) or at least 5, got 4");
        assertThat(problem("{name: c1, host: h, options_interval_seconds: -1}"))
                .isEqualTo("trunks[0].options_interval_seconds: must be 0 (no keepalive) or at least 5, got -1");
    }

    @Test void unknownKeyInATrunk() throws IOException {
        assertThat(problem("{name: c1, host: h, prot: 5060}")).isEqualTo("trunks[0].prot: unknown key");
    }

    @Test void severalProblemsAreReportedTogetherWithoutThePassword() throws IOException {
        Path file = ConfigFiles.write(tmp, """
                trunks:
                  - {name: ok, host: 127.0.0.2}
                  - {name: "Bad", host: "", port: 0, password: pw-hunter2, transport: sctp}
                """);
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "trunks[1].name: must be 1-32 of a-z, 0-9, _ and -, got \"Bad\"",
                        "trunks[1].host: must not be empty",
                        "trunks[1].port: must be 1-65535, got 0",
                        "trunks[1].transport: must be udp or tcp, got \"sctp\"",
                        "trunks[1].username: must be set when password is"))
                .hasMessageNotContaining("hunter2");
    }

    private String problem(String trunk) throws IOException {
        return ConfigFiles.onlyProblem(tmp, "trunks:\n  - " + trunk + "\n");
    }

    private DialtoneConfig load(String trunk) throws IOException {
        return ConfigLoader.load(ConfigFiles.write(tmp, "trunks:\n  - " + trunk + "\n"), Map.of());
    }
}
