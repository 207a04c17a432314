package org.dialtone.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code limits:} (the resource caps): defaults, file and environment, and errors that name the key. */
class ResourceCapsConfigTest {
    @TempDir Path tmp;

    @Test void defaults() {
        assertThat(ConfigLoader.load(null, Map.of()).limits())
                .isEqualTo(new DialtoneConfig.Limits(0, 4, 10, 7200, 2000, 100, 30, 0, 85, 500, 5));
    }

    @Test void fromTheFileAndTheEnvironment() throws IOException {
        Path file = ConfigFiles.write(tmp, """
                limits:
                  max_calls_per_customer: 50
                  max_calls_per_account: 0
                  sip_tcp_idle_seconds: 10
                """);
        var limits = ConfigLoader.load(file, Map.of("DIALTONE_LIMITS_MAX_CONTACTS_PER_ACCOUNT", "3")).limits();
        assertThat(limits.maxCallsPerCustomer()).isEqualTo(50);
        assertThat(limits.maxCallsPerAccount()).as("0: no limit").isZero();
        assertThat(limits.sipTcpIdleSeconds()).isEqualTo(10);
        assertThat(limits.maxContactsPerAccount()).isEqualTo(3);
        assertThat(limits.maxHoldSeconds()).isEqualTo(7200);
    }

    @Test void aNegativeValueIsAnErrorNamingTheKey() throws IOException {
        assertThat(ConfigFiles.onlyProblem(tmp, "limits: {sip_tcp_max_connections_per_ip: -1}\n"))
                .isEqualTo("limits.sip_tcp_max_connections_per_ip: must be 0 (no limit) or more, got -1");
        assertThat(ConfigFiles.onlyProblem(tmp, "limits: {max_hold_seconds: -5}\n"))
                .isEqualTo("limits.max_hold_seconds: must be 0 (no limit) or more, got -5");
    }

    @Test void anUnknownKeyIsAnErrorNamingIt() throws IOException {
        assertThat(ConfigFiles.onlyProblem(tmp, "limits: {max_calls_per_acount: 2}\n"))
                .contains("limits.max_calls_per_acount");
    }
}
