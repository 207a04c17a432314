package org.dialtone.sip.trunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-trunk meters as Prometheus scrapes them ({@code GET /metrics}). */
class TrunkMetricsTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Trunks trunks = new Trunks(List.of(
            TestTrunks.registering("carrier1", 5060, TestTrunks.CREDENTIALS, Duration.ofSeconds(600)),
            TestTrunks.keptAlive("carrier2", 5060, Duration.ofSeconds(30))));
    private final TrunkState carrier1 = trunks.byName("carrier1").orElseThrow();
    private final TrunkState carrier2 = trunks.byName("carrier2").orElseThrow();

    @Test
    void upRegisteredActiveChannelsAndCallsFollowTheTrunkState() {
        TrunkMetrics.register(trunks, registry);
        assertThat(scrape()).contains(
                "dialtone_trunk_up{trunk=\"carrier1\"} 1.0",
                "dialtone_trunk_up{trunk=\"carrier2\"} 1.0",
                "dialtone_trunk_registered{trunk=\"carrier1\"} 0.0",
                "dialtone_trunk_channels_active{trunk=\"carrier1\"} 0.0",
                "dialtone_trunk_calls_total{trunk=\"carrier1\"} 0.0");
        assertThat(scrape()).as("only trunks that register have the gauge")
                .doesNotContain("dialtone_trunk_registered{trunk=\"carrier2\"}");

        carrier1.markRegistered(true);
        carrier2.markUp(false);
        assertThat(carrier1.tryAcquireChannel()).isTrue();
        assertThat(carrier1.tryAcquireChannel()).isTrue();
        carrier1.releaseChannel();
        assertThat(scrape()).contains(
                "dialtone_trunk_registered{trunk=\"carrier1\"} 1.0",
                "dialtone_trunk_up{trunk=\"carrier2\"} 0.0",
                "dialtone_trunk_channels_active{trunk=\"carrier1\"} 1.0",
                "dialtone_trunk_calls_total{trunk=\"carrier1\"} 2.0");
    }

    @Test
    void failuresAreCountedByCauseIncludingCausesSeenOnlyLater() {
        carrier1.recordFailure("busy"); // before the meters exist
        TrunkMetrics.register(trunks, registry);
        carrier1.recordFailure("busy");
        carrier1.recordFailure("503");
        carrier2.recordFailure("timeout");
        carrier2.recordFailure("timeout");
        carrier2.recordFailure("timeout");
        assertThat(scrape()).contains(
                "dialtone_trunk_failures_total{cause=\"busy\",trunk=\"carrier1\"} 2.0",
                "dialtone_trunk_failures_total{cause=\"503\",trunk=\"carrier1\"} 1.0",
                "dialtone_trunk_failures_total{cause=\"timeout\",trunk=\"carrier2\"} 3.0");
        assertThat(scrape()).doesNotContain("dialtone_trunk_failures_total{cause=\"busy\",trunk=\"carrier2\"}");
    }

    private String scrape() { return registry.scrape(); }
}
