package org.dialtone.media;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Test base: a media engine on 127.0.0.1 over a currently free port range, closed after each test. */
abstract class MediaEngineFixture {
    static final int RANGE_SIZE = 40;

    MeterRegistry registry;
    MediaEngine engine;
    int firstPort;

    @BeforeEach
    void startEngine() {
        registry = new SimpleMeterRegistry();
        firstPort = FreePortRange.find(RANGE_SIZE);
        engine = new MediaEngine(new MediaSettings("127.0.0.1", firstPort, firstPort + RANGE_SIZE - 1), registry);
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    /**
     * An endpoint of a leg whose signalling came from 127.0.0.1, where {@link TestPhone}s live by default: as for a
     * real call, RTP from that IP may latch and an SDP address there is sent to at once.
     */
    RtpEndpoint allocateForLoopbackPhone() throws PortsExhaustedException {
        RtpEndpoint endpoint = engine.allocate();
        endpoint.trustSignallingSource(InetAddress.getLoopbackAddress());
        return endpoint;
    }

    double counter(String name) {
        return registry.get(name).counter().count();
    }
}
