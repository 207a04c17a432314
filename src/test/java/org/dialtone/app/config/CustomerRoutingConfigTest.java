package org.dialtone.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-customer routing keys: country code, main number, caller-id numbers, outbound trunks, DIDs and ring groups.
 * One test per bad value, each asserting the exact key path. Customer "1000001" has extensions 200, 201, 202 and the
 * default parking lot 701-710; trunks carrier1 and carrier2 exist.
 */
class CustomerRoutingConfigTest {
    private static final String TRUNKS = """
            trunks:
              - {name: carrier1, host: 127.0.0.2}
              - {name: carrier2, host: 127.0.0.3}
            """;

    @TempDir Path tmp;

    @Test void countryCode() throws IOException {
        for (String bad : new String[] {"\"0\"", "\"1234\"", "\"4a\"", "\"\"", "\"+1\""}) {
            assertThat(problem("country_code: " + bad))
                    .isEqualTo("customers[0].country_code: must be 1-3 digits not starting with 0, got " + bad);
        }
    }

    @Test void mainNumber() throws IOException {
        String message = "customers[0].main_number: must be an E.164 number (+ and 7-15 digits, the first not 0), got ";
        assertThat(problem("main_number: \"12025550100\"")).isEqualTo(message + "\"12025550100\"");
        assertThat(problem("main_number: \"+02025550100\"")).isEqualTo(message + "\"+02025550100\"");
        assertThat(problem("main_number: \"+123456\"")).isEqualTo(message + "\"+123456\"");
        assertThat(problem("main_number: \"+1234567890123456\"")).isEqualTo(message + "\"+1234567890123456\"");
        assertThat(problem("main_number: \"+1 202 555 0100\"")).isEqualTo(message + "\"+1 202 555 0100\"");
    }

    @Test void numbersMayBeLeftUnquotedInYaml() throws IOException {
        DialtoneConfig c = load("""
                main_number: +12025550100
                    country_code: 49
                    dids: [{number: 0301234567, destination: 200}, {number: +4930555, destination: 201}]
                """.stripTrailing());
        assertThat(c.customers().get(0).mainNumber()).isEqualTo("+12025550100");
        assertThat(c.customers().get(0).countryCode()).isEqualTo("49");
        assertThat(RoutingConfig.dids(c)).extracting(d -> d.number() + ">" + d.destination())
                .containsExactly("+49301234567>200", "+4930555>201");
    }

    @Test void extensionCallerIdNumber() throws IOException {
        assertThat(ConfigFiles.onlyProblem(tmp, """
                customers:
                  - code: "1000001"
                    name: Acme
                    extensions:
                      - {number: "200", sip_username: a200, password: pw-secret, caller_id_number: "+12025550123"}
                      - {number: "201", sip_username: a201, password: pw-secret, caller_id_number: "555-0123"}
                """)).isEqualTo("customers[0].extensions[1].caller_id_number: must be an E.164 number (+ and 7-15 digits, "
                + "the first not 0), got \"555-0123\"");
    }

    @Test void outboundTrunksMustBeDeclared() throws IOException {
        assertThat(problem("outbound_trunks: [carrier1, carrier3]"))
                .isEqualTo("customers[0].outbound_trunks[1]: unknown trunk name \"carrier3\" (not in trunks)");
        assertThat(ConfigFiles.onlyProblem(tmp, """
                customers:
                  - {code: "1000001", name: Acme, outbound_trunks: [carrier1]}
                """)).isEqualTo("customers[0].outbound_trunks[0]: unknown trunk name \"carrier1\" (not in trunks)");
        assertThat(problem("outbound_trunks: [carrier2, carrier1, carrier2]"))
                .isEqualTo("customers[0].outbound_trunks[2]: trunk carrier2 is listed twice");
    }

    @Test void didNumberMustBeE164WithoutACountryCode() throws IOException {
        assertThat(problem("dids: [{number: \"2025550100\", destination: \"200\"}]"))
                .isEqualTo("customers[0].dids[0].number: must be an E.164 number (+ and 7-15 digits) (national numbers "
                        + "need the customer's country_code), got \"2025550100\"");
        assertThat(problem("dids: [{number: \"0012025550100\", destination: \"200\"}]"))
                .startsWith("customers[0].dids[0].number: must be an E.164 number");
        assertThat(problem("dids: [{destination: \"200\"}]"))
                .startsWith("customers[0].dids[0].number: must be an E.164 number").endsWith("got nothing");
    }

    @Test void didNumberMayBeNationalWithACountryCode() throws IOException {
        assertThat(problem("country_code: \"49\"\n    dids: [{number: \"301234567\", destination: \"200\"}]"))
                .isEqualTo("customers[0].dids[0].number: must be an E.164 number (+ and 7-15 digits) or a national "
                        + "number of country code 49, got \"301234567\"");
        DialtoneConfig c = load("country_code: \"49\"\n    dids: [{number: \"0301234567\", destination: \"200\"}]");
        assertThat(RoutingConfig.dids(c)).singleElement()
                .isEqualTo(new org.dialtone.core.dialplan.Did("+49301234567", "1000001", "200"));
    }

    @Test void aDidDeclaredTwiceInOneCustomerNamesBothPlaces() throws IOException {
        assertThat(problem("""
                country_code: "1"
                    dids:
                      - {number: "+12025550100", destination: "200"}
                      - {number: "+12025550101", destination: "200"}
                      - {number: "2025550100", destination: "201"}
                """.stripTrailing())).isEqualTo("customers[0].dids[2].number: DID +12025550100 is declared twice "
                + "(also at customers[0].dids[0].number); a DID belongs to exactly one customer");
    }

    @Test void aDidDeclaredByTwoCustomersNamesBothPlaces() throws IOException {
        assertThat(ConfigFiles.onlyProblem(tmp, TRUNKS + """
                customers:
                  - code: "1000001"
                    name: Acme
                    extensions: [{number: "200", sip_username: a200, password: pw-secret}]
                    dids: [{number: "+12025550100", destination: "200"}]
                  - code: "2000002"
                    name: Beta
                    extensions: [{number: "200", sip_username: b200, password: pw-secret}]
                    dids: [{number: "+12025550199", destination: "200"}, {number: "+12025550100", destination: "200"}]
                """)).isEqualTo("customers[1].dids[1].number: DID +12025550100 is declared twice "
                + "(also at customers[0].dids[0].number); a DID belongs to exactly one customer");
    }

    @Test void didDestinationMustBeOfThatCustomer() throws IOException {
        String message = "customers[0].dids[0].destination: must be an extension, ring group or parking spot of this customer, got ";
        assertThat(problem("dids: [{number: \"+12025550100\", destination: \"299\"}]")).isEqualTo(message + "\"299\"");
        assertThat(problem("dids: [{number: \"+12025550100\", destination: \"711\"}]")).isEqualTo(message + "\"711\"");
        assertThat(problem("dids: [{number: \"+12025550100\", destination: \"0701\"}]")).isEqualTo(message + "\"0701\"");
        assertThat(problem("dids: [{number: \"+12025550100\"}]")).isEqualTo(message + "nothing");
        // another customer's extension does not count
        assertThat(ConfigFiles.onlyProblem(tmp, """
                customers:
                  - {code: "1000001", name: A, extensions: [{number: "200", sip_username: a, password: pw-secret}],
                     dids: [{number: "+12025550100", destination: "300"}]}
                  - {code: "2000002", name: B, extensions: [{number: "300", sip_username: b, password: pw-secret}]}
                """)).isEqualTo(message + "\"300\"");
    }

    @Test void didDestinationsThatAreFine() throws IOException {
        DialtoneConfig c = load("""
                dids:
                      - {number: "+12025550100", destination: "200"}
                      - {number: "+12025550101", destination: "701"}
                      - {number: "+12025550102", destination: "710"}
                      - {number: "+12025550103", destination: "600"}
                    ring_groups: [{number: "600", name: Sales, members: ["200"]}]
                """.stripTrailing());
        assertThat(RoutingConfig.dids(c)).extracting(org.dialtone.core.dialplan.Did::destination)
                .containsExactly("200", "701", "710", "600");
    }

    @Test void ringGroupNumber() throws IOException {
        assertThat(problem("ring_groups: [{number: \"6x0\", name: S, members: [\"200\"]}]"))
                .isEqualTo("customers[0].ring_groups[0].number: must be 1-20 digits, got \"6x0\"");
        assertThat(problem("ring_groups: [{name: S, members: [\"200\"]}]"))
                .isEqualTo("customers[0].ring_groups[0].number: must be 1-20 digits, got nothing");
        assertThat(problem("ring_groups: [{number: \"201\", name: S, members: [\"200\"]}]"))
                .isEqualTo("customers[0].ring_groups[0].number: 201 is already an extension of this customer");
        assertThat(problem("ring_groups: [{number: \"705\", name: S, members: [\"200\"]}]"))
                .isEqualTo("customers[0].ring_groups[0].number: 705 is a parking spot (parking.first_spot-parking.last_spot)");
        assertThat(problem("ring_groups: [{number: \"600\", name: S, members: [\"200\"]}, {number: \"600\", name: T, members: [\"201\"]}]"))
                .isEqualTo("customers[0].ring_groups[1].number: duplicate ring group number 600 (also at customers[0].ring_groups[0].number)");
    }

    @Test void ringGroupNumberMayClashWithAnotherCustomersExtension() throws IOException {
        DialtoneConfig c = ConfigLoader.load(ConfigFiles.write(tmp, """
                customers:
                  - {code: "1000001", name: A, extensions: [{number: "200", sip_username: a, password: pw-secret}],
                     ring_groups: [{number: "300", name: S, members: ["200"]}]}
                  - {code: "2000002", name: B, extensions: [{number: "300", sip_username: b, password: pw-secret}]}
                """), Map.of());
        assertThat(RoutingConfig.ringGroups(c)).singleElement().extracting(g -> g.number()).isEqualTo("300");
    }

    @Test void ringGroupName() throws IOException {
        assertThat(problem("ring_groups: [{number: \"600\", name: \" \", members: [\"200\"]}]"))
                .isEqualTo("customers[0].ring_groups[0].name: must not be empty");
        assertThat(problem("ring_groups: [{number: \"600\", members: [\"200\"]}]"))
                .isEqualTo("customers[0].ring_groups[0].name: must not be empty");
    }

    @Test void ringGroupMembers() throws IOException {
        assertThat(problem("ring_groups: [{number: \"600\", name: S, members: []}]"))
                .isEqualTo("customers[0].ring_groups[0].members: must list at least one extension");
        assertThat(problem("ring_groups: [{number: \"600\", name: S}]"))
                .isEqualTo("customers[0].ring_groups[0].members: must list at least one extension");
        assertThat(problem("ring_groups: [{number: \"600\", name: S, members: [\"200\", \"299\"]}]"))
                .isEqualTo("customers[0].ring_groups[0].members[1]: ring group member that is not an extension of this customer: \"299\"");
        assertThat(problem("ring_groups: [{number: \"600\", name: S, members: [\"200\", \"701\"]}]"))
                .isEqualTo("customers[0].ring_groups[0].members[1]: ring group member that is not an extension of this customer: \"701\"");
        assertThat(problem("ring_groups: [{number: \"600\", name: S, members: [\"200\", \"201\", \"200\"]}]"))
                .isEqualTo("customers[0].ring_groups[0].members[2]: extension 200 is listed twice");
    }

    @Test void ringGroupMemberOfAnotherCustomerIsRefused() throws IOException {
        assertThat(ConfigFiles.onlyProblem(tmp, """
                customers:
                  - {code: "1000001", name: A, extensions: [{number: "200", sip_username: a, password: pw-secret}],
                     ring_groups: [{number: "600", name: S, members: ["200", "300"]}]}
                  - {code: "2000002", name: B, extensions: [{number: "300", sip_username: b, password: pw-secret}]}
                """)).isEqualTo("customers[0].ring_groups[0].members[1]: ring group member that is not an extension of this customer: \"300\"");
    }

    @Test void ringGroupTimeout() throws IOException {
        assertThat(problem("ring_groups: [{number: \"600\", name: S, members: [\"200\"], ring_timeout_seconds: 0}]"))
                .isEqualTo("customers[0].ring_groups[0].ring_timeout_seconds: must be at least 1, got 0");
        assertThat(problem("ring_groups: [{number: \"600\", name: S, members: [\"200\"], ring_timeout_seconds: soon}]"))
                .isEqualTo("customers[0].ring_groups[0].ring_timeout_seconds: must be an integer, got \"soon\"");
    }

    @Test void unknownKeyInADid() throws IOException {
        assertThat(problem("dids: [{number: \"+12025550100\", destination: \"200\", to: \"201\"}]"))
                .isEqualTo("customers[0].dids[0].to: unknown key");
    }

    @Test void everyProblemIsReportedWithItsPath() throws IOException {
        Path file = ConfigFiles.write(tmp, TRUNKS + customer("""
                outbound_trunks: [nope]
                    dids: [{number: "+12025550100", destination: "600"}, {number: "+12025550100", destination: "200"}]
                    ring_groups: [{number: "600", name: S, members: ["299"]}]
                """.stripTrailing()));
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "customers[0].outbound_trunks[0]: unknown trunk name \"nope\" (not in trunks)",
                        "customers[0].ring_groups[0].members[0]: ring group member that is not an extension of this customer: \"299\"",
                        "customers[0].dids[1].number: DID +12025550100 is declared twice (also at customers[0].dids[0].number);"
                                + " a DID belongs to exactly one customer"));
    }

    /** The one problem of customer 1000001 with {@code keys} added (indented for its mapping). */
    private String problem(String keys) throws IOException {
        return ConfigFiles.onlyProblem(tmp, TRUNKS + customer(keys));
    }

    private DialtoneConfig load(String keys) throws IOException {
        return ConfigLoader.load(ConfigFiles.write(tmp, TRUNKS + customer(keys)), Map.of());
    }

    private static String customer(String keys) {
        return """
                customers:
                  - code: "1000001"
                    name: Acme
                    extensions:
                      - {number: "200", sip_username: a200, password: pw-secret}
                      - {number: "201", sip_username: a201, password: pw-secret}
                      - {number: "202", sip_username: a202, password: pw-secret}
                    %s
                """.formatted(keys);
    }
}
