package org.dialtone.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rtp.trusted_networks}: empty by default, CIDRs from a YAML list or a comma-separated environment value. */
class RtpTrustedNetworksConfigTest {
    @TempDir Path tmp;

    @Test void emptyByDefault() {
        assertThat(ConfigLoader.load(null, Map.of()).rtp().trustedNetworks()).isEmpty();
    }

    @Test void listFromFileAndFromTheEnvironment() throws IOException {
        Path file = ConfigFiles.write(tmp, """
                rtp:
                  trusted_networks: ["10.0.0.0/8", "2001:db8::/32", "198.51.100.7"]
                """);
        assertThat(ConfigLoader.load(file, Map.of()).rtp().trustedNetworks())
                .containsExactly("10.0.0.0/8", "2001:db8::/32", "198.51.100.7");
        assertThat(ConfigLoader.load(file, Map.of("DIALTONE_RTP_TRUSTED_NETWORKS", "192.0.2.0/24, 203.0.113.9"))
                .rtp().trustedNetworks()).isEqualTo(List.of("192.0.2.0/24", "203.0.113.9"));
    }

    @Test void entriesMustBeNetworksAndTheErrorNamesTheKey() throws IOException {
        for (String bad : List.of("pbx.example.com", "10.0.0.5/24", "10.0.0.0/33", "")) {
            assertThat(ConfigFiles.onlyProblem(tmp, "rtp: {trusted_networks: [\"" + bad + "\"]}\n")).as(bad)
                    .startsWith("rtp.trusted_networks: each entry must be a network like 192.0.2.0/24")
                    .endsWith("got \"" + bad + "\"");
        }
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("DIALTONE_RTP_TRUSTED_NETWORKS", "10.0.0.0/8,lan")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rtp.trusted_networks: each entry")
                .hasMessageContaining("(from DIALTONE_RTP_TRUSTED_NETWORKS)");
    }
}
