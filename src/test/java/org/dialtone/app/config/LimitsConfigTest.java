package org.dialtone.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code limits:}: overload control's limits, their defaults, environment overrides and errors naming the key. */
class LimitsConfigTest {
    @TempDir Path tmp;

    @Test void defaults() {
        assertThat(ConfigLoader.load(null, Map.of()).limits())
                .isEqualTo(new DialtoneConfig.Limits(0, 4, 10, 7200, 2000, 100, 30, 0, 85, 500, 5));
    }

    @Test void fromTheFileAndTheEnvironment() throws IOException {
        Path file = ConfigFiles.write(tmp, """
                limits:
                  max_calls: 200
                  max_heap_after_gc_percent: 75
                """);
        DialtoneConfig.Limits limits = ConfigLoader.load(file, Map.of("DIALTONE_LIMITS_MAX_SIP_QUEUE", "0",
                "DIALTONE_LIMITS_RETRY_AFTER_SECONDS", "30")).limits();
        assertThat(limits).isEqualTo(new DialtoneConfig.Limits(0, 4, 10, 7200, 2000, 100, 30, 200, 75, 0, 30));
    }

    @Test void invalidValuesNameTheKey() throws IOException {
        assertThat(ConfigFiles.onlyProblem(tmp, "limits: {max_calls: -1}"))
                .isEqualTo("limits.max_calls: must be 0 (no limit) or more, got -1");
        assertThat(ConfigFiles.onlyProblem(tmp, "limits: {max_heap_after_gc_percent: 101}"))
                .isEqualTo("limits.max_heap_after_gc_percent: must be a percentage 1-100, or 0 (no limit), got 101");
        assertThat(ConfigFiles.onlyProblem(tmp, "limits: {max_sip_queue: -5}"))
                .isEqualTo("limits.max_sip_queue: must be 0 (no limit) or more, got -5");
        assertThat(ConfigFiles.onlyProblem(tmp, "limits: {retry_after_seconds: 0}"))
                .isEqualTo("limits.retry_after_seconds: must be 1-3600, got 0");
        assertThat(ConfigFiles.onlyProblem(tmp, "limits: {max_calls: lots}"))
                .isEqualTo("limits.max_calls: must be an integer, got \"lots\"");
        assertThat(ConfigFiles.onlyProblem(tmp, "limits: {max_call: 5}")).isEqualTo("limits.max_call: unknown key");
    }

    @Test void anEnvironmentValueThatIsWrongSaysWhereItCameFrom() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("DIALTONE_LIMITS_MAX_CALLS", "-3")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("limits.max_calls: must be 0 (no limit) or more, got -3 (from DIALTONE_LIMITS_MAX_CALLS)");
    }
}
