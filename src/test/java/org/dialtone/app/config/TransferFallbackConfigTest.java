package org.dialtone.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code customers[i].transfer_fallback}: optional, bound as given, and checked to be one of that customer's extensions. */
class TransferFallbackConfigTest {
    private static final String EXTENSIONS = """
                extensions:
                  - {number: "200", sip_username: a200, password: pw-secret}
                  - {number: "201", sip_username: a201, password: pw-secret}
            """;

    @TempDir Path tmp;

    @Test void boundWhenSetAndNullWhenLeftOut() throws IOException {
        DialtoneConfig c = ConfigLoader.load(write("""
                customers:
                  - code: "1000001"
                    name: One
                    transfer_fallback: "200"
                %s\
                  - {code: "2000002", name: Two}
                """.formatted(EXTENSIONS)), Map.of());
        assertThat(c.customers().get(0).transferFallback()).isEqualTo("200");
        assertThat(c.customers().get(1).transferFallback()).isNull();
    }

    @Test void anUnquotedNumberIsAcceptedToo() throws IOException {
        DialtoneConfig c = ConfigLoader.load(write(customerOne("201")), Map.of());
        assertThat(c.customers().get(0).transferFallback()).isEqualTo("201");
    }

    @Test void mustBeDigits() throws IOException {
        assertThat(problemFor(customerOne("\"2x0\""))).isEqualTo("customers[0].transfer_fallback: must be 1-20 digits, got \"2x0\"");
        assertThat(problemFor(customerOne("\"\""))).isEqualTo("customers[0].transfer_fallback: must be 1-20 digits, got \"\"");
        assertThat(problemFor(customerOne("\"123456789012345678901\"")))
                .startsWith("customers[0].transfer_fallback: must be 1-20 digits");
    }

    @Test void mustBeAnExtensionOfThatCustomer() throws IOException {
        assertThat(problemFor(customerOne("\"226\"")))
                .isEqualTo("customers[0].transfer_fallback: must be an extension of this customer, got \"226\"");
        // another customer's extension does not count
        assertThat(problemFor("""
                customers:
                  - {code: "1000001", name: One, transfer_fallback: "300", extensions: [{number: "200", sip_username: a, password: pw-secret}]}
                  - {code: "2000002", name: Two, extensions: [{number: "300", sip_username: b, password: pw-secret}]}
                """)).isEqualTo("customers[0].transfer_fallback: must be an extension of this customer, got \"300\"");
    }

    private static String customerOne(String fallback) {
        return """
                customers:
                  - code: "1000001"
                    name: One
                    transfer_fallback: %s
                %s""".formatted(fallback, EXTENSIONS);
    }

    private String problemFor(String yaml) throws IOException {
        return ConfigFiles.onlyProblem(tmp, yaml);
    }

    private Path write(String yaml) throws IOException {
        return ConfigFiles.write(tmp, yaml);
    }
}
