package org.dialtone.sip.trunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrunkHealthTest {
    @Test
    void showsEachTrunkWithRegisteredOnlyWhereItRegisters() {
        Trunks trunks = new Trunks(List.of(
                TestTrunks.registering("carrier1", 5060, TestTrunks.CREDENTIALS, Duration.ofSeconds(600)),
                TestTrunks.keptAlive("carrier2", 5060, Duration.ofSeconds(30)),
                TestTrunks.plain("carrier3")));
        trunks.byName("carrier2").orElseThrow().markUp(false);
        trunks.byName("carrier1").orElseThrow().markRegistered(true);
        assertThat(TrunkHealth.details(trunks)).isEqualTo(Map.of(
                "carrier1", Map.of("up", true, "registered", true),
                "carrier2", Map.of("up", false),
                "carrier3", Map.of("up", true)));
        assertThat(TrunkHealth.details(trunks).keySet()).as("in configuration order").containsExactly("carrier1", "carrier2", "carrier3");
    }
}
