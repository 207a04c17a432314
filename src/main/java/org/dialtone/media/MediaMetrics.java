package org.dialtone.media;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The media engine's meters. Counters are lock-free adders, safe and cheap to bump from every receive thread.
 * Prometheus names: {@code dialtone_rtp_packets_relayed_total}, {@code dialtone_rtp_packets_lost_total},
 * {@code dialtone_rtp_packets_dropped_total}, {@code dialtone_rtp_packets_rejected_total},
 * {@code dialtone_rtp_endpoints_active}, {@code dialtone_rtp_ports_exhausted_total}.
 */
final class MediaMetrics {
    final Counter relayed;
    final Counter lost;
    final Counter dropped;
    final Counter rejected;
    final Counter portsExhausted;
    private final MeterRegistry registry;
    private final Gauge active;

    MediaMetrics(MeterRegistry registry, IntSupplier activeEndpoints) {
        this.registry = registry;
        relayed = Counter.builder("dialtone.rtp.packets.relayed")
                .description("RTP packets relayed from one endpoint to its bridged peer").register(registry);
        lost = Counter.builder("dialtone.rtp.packets.lost")
                .description("RTP packets missing from received streams (sequence gaps)").register(registry);
        dropped = Counter.builder("dialtone.rtp.packets.dropped")
                .description("Received packets dropped: not valid RTP, or a payload type the leg did not negotiate")
                .register(registry);
        rejected = Counter.builder("dialtone.rtp.packets.rejected")
                .description("Received packets rejected by strict RTP: from a source the leg has not proven it owns")
                .register(registry);
        portsExhausted = Counter.builder("dialtone.rtp.ports.exhausted")
                .description("Endpoints refused because no RTP port pair of the range was free (the call got 503)")
                .register(registry);
        active = Gauge.builder("dialtone.rtp.endpoints.active", activeEndpoints, s -> s.getAsInt())
                .strongReference(true).description("Allocated RTP endpoints").register(registry);
    }

    void remove() {
        for (Meter meter : List.<Meter>of(relayed, lost, dropped, rejected, portsExhausted, active)) {
            registry.remove(meter);
        }
    }
}
