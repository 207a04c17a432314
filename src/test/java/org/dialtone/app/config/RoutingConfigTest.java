package org.dialtone.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dialtone.core.dialplan.CustomerRouting;
import org.dialtone.core.dialplan.Did;
import org.dialtone.core.trunk.NumberFormat;
import org.dialtone.core.dialplan.RingGroup;
import org.dialtone.core.trunk.Trunk;
import org.dialtone.core.trunk.TrunkCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full valid configuration (the agreed example) loads and translates to the core's trunks, routing and DIDs. */
class RoutingConfigTest {
    static final String EXAMPLE = """
            trunks:
              - name: carrier1
                host: 127.0.0.2
                port: 5060
                transport: udp
                outbound_proxy: null
                username: null
                password: null
                register: false
                register_expiry_seconds: 600
                country_code: null
                inbound_networks: ["127.0.0.2/32"]
                max_channels: 0
                number_format: e164_plus
                options_interval_seconds: 30
              - name: carrier2
                host: sip.carrier2.example
                port: 5080
                transport: tcp
                outbound_proxy: "127.0.0.3:5070"
                username: acct
                password: carrier2-secret
                register: true
                register_expiry_seconds: 300
                country_code: "1"
                max_channels: 4
                number_format: national
                options_interval_seconds: 0
              - {name: carrier3, host: "::1"}
            customers:
              - code: "1000001"
                name: Acme
                country_code: "1"
                main_number: "+12025550100"
                outbound_trunks: [carrier1, carrier2]
                extensions:
                  - {number: "200", name: Alice, sip_username: "200", password: pw200-secret, caller_id_number: "+12025550123"}
                  - {number: "201", name: Bob, sip_username: "201", password: pw201-secret}
                  - {number: "202", name: Carol, sip_username: "202", password: pw202-secret}
                dids:
                  - {number: "+12025550100", destination: "600"}
                  - {number: "2025550101", destination: "200"}
                  - {number: "12025550102", destination: "701"}
                ring_groups:
                  - {number: "600", name: Sales, members: ["200", "201", "202"], ring_timeout_seconds: 20}
                  - {number: "601", name: Support, members: ["202", "201"]}
              - code: "2000002"
                name: Beta
                extensions:
                  - {number: "200", sip_username: beta200, password: pwb-secret}
            """;

    @TempDir Path tmp;

    @Test void theAgreedExampleTranslatesToCoreRecords() throws IOException {
        DialtoneConfig c = ConfigLoader.load(ConfigFiles.write(tmp, EXAMPLE), Map.of());

        assertThat(RoutingConfig.trunks(c)).containsExactly(
                new Trunk("carrier1", "127.0.0.2", 5060, "udp", null, null, false, Duration.ofSeconds(600),
                        List.of("127.0.0.2/32"), 0, NumberFormat.E164_PLUS, Duration.ofSeconds(30), null),
                new Trunk("carrier2", "sip.carrier2.example", 5080, "tcp", "127.0.0.3:5070",
                        new TrunkCredentials("acct", "carrier2-secret"), true, Duration.ofSeconds(300),
                        List.of(), 4, NumberFormat.NATIONAL, Duration.ZERO, "1"),
                new Trunk("carrier3", "::1", 5060, "udp", null, null, false, Duration.ofSeconds(600),
                        List.of("::1/128"), 0, NumberFormat.E164_PLUS, Duration.ofSeconds(30), null));

        Map<String, CustomerRouting> routing = RoutingConfig.customerRouting(c);
        assertThat(routing).containsOnlyKeys("1000001", "2000002");
        assertThat(routing.get("1000001")).isEqualTo(new CustomerRouting("1000001", "1", "+12025550100",
                List.of("carrier1", "carrier2"), Map.of("200", "+12025550123"), List.of(
                new RingGroup("1000001", "600", "Sales", List.of("200", "201", "202"), Duration.ofSeconds(20)),
                new RingGroup("1000001", "601", "Support", List.of("202", "201"), null))));
        assertThat(routing.get("2000002")).isEqualTo(CustomerRouting.none("2000002"));

        assertThat(RoutingConfig.dids(c)).containsExactly(
                new Did("+12025550100", "1000001", "600"),
                new Did("+12025550101", "1000001", "200"),
                new Did("+12025550102", "1000001", "701"));
        assertThat(RoutingConfig.ringGroups(c)).extracting(RingGroup::number).containsExactly("600", "601");
        assertThat(c.toString()).doesNotContain("carrier2-secret");
    }

    @Test void inboundNetworksAreCanonicalAndDefaultToTheHostsOwnAddress() throws IOException {
        DialtoneConfig c = ConfigLoader.load(ConfigFiles.write(tmp, """
                trunks:
                  - {name: listed, host: carrier.example, inbound_networks: ["192.0.2.7", "2001:DB8:0::/48", " 10.0.0.0/8 "]}
                  - {name: v4, host: 198.51.100.7}
                  - {name: v6, host: "[2001:db8::5]"}
                  - {name: named, host: carrier.example}
                """), Map.of());
        assertThat(RoutingConfig.trunks(c)).extracting(Trunk::name, Trunk::inboundNetworks).containsExactly(
                org.assertj.core.groups.Tuple.tuple("listed", List.of("192.0.2.7/32", "2001:db8::/48", "10.0.0.0/8")),
                org.assertj.core.groups.Tuple.tuple("v4", List.of("198.51.100.7/32")),
                org.assertj.core.groups.Tuple.tuple("v6", List.of("2001:db8::5/128")),
                org.assertj.core.groups.Tuple.tuple("named", List.of()));
    }

    @Test void didNumberForms() {
        assertThat(RoutingConfig.didNumber("+4930123456", null)).contains("+4930123456");
        assertThat(RoutingConfig.didNumber(" +4930123456 ", "1")).contains("+4930123456");
        assertThat(RoutingConfig.didNumber("030123456", null)).isEmpty();
        assertThat(RoutingConfig.didNumber("004930123456", null)).isEmpty();
        assertThat(RoutingConfig.didNumber("030123456", "49")).contains("+4930123456");
        assertThat(RoutingConfig.didNumber("004930123456", "49")).contains("+4930123456");
        assertThat(RoutingConfig.didNumber("2025550100", "1")).contains("+12025550100");
        assertThat(RoutingConfig.didNumber("+49 30 123456", "49")).isEmpty();
        assertThat(RoutingConfig.didNumber(null, "49")).isEmpty();
    }
}
