package org.dialtone.sip.trunk;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-trunk meters, tagged {@code trunk=<name>}: {@code dialtone.trunk.up} (1/0), {@code dialtone.trunk.registered}
 * (1/0, only for trunks that register), {@code dialtone.trunk.channels.active}, {@code dialtone.trunk.calls} and
 * {@code dialtone.trunk.failures} (also tagged {@code cause}; a cause gets its counter when it first occurs).
 */
public final class TrunkMetrics {
    private TrunkMetrics() {}

    public static void register(Trunks trunks, MeterRegistry registry) {
        for (TrunkState s : trunks.all()) {
            String name = s.name();
            Gauge.builder("dialtone.trunk.up", s, t -> t.isUp() ? 1 : 0).tag("trunk", name).strongReference(true)
                    .description("1 when the trunk answers its OPTIONS keepalive (or has none)").register(registry);
            if (s.trunk().register()) {
                Gauge.builder("dialtone.trunk.registered", s, t -> t.isRegistered() ? 1 : 0).tag("trunk", name)
                        .strongReference(true).description("1 while the switch is registered with the trunk")
                        .register(registry);
            }
            Gauge.builder("dialtone.trunk.channels.active", s, TrunkState::activeChannels).tag("trunk", name)
                    .strongReference(true).description("calls through the trunk now").register(registry);
            FunctionCounter.builder("dialtone.trunk.calls", s, TrunkState::callsTotal).tag("trunk", name)
                    .description("calls placed through the trunk").register(registry);
            s.onNewFailureCause(cause -> failures(registry, s, cause));
            for (String cause : s.failures().keySet()) failures(registry, s, cause); // idempotent for a listener race
        }
    }

    private static void failures(MeterRegistry registry, TrunkState s, String cause) {
        AtomicLong count = s.failures().get(cause);
        FunctionCounter.builder("dialtone.trunk.failures", count, AtomicLong::get).tags("trunk", s.name(), "cause", cause)
                .description("failed call attempts through the trunk, by cause").register(registry);
    }
}
