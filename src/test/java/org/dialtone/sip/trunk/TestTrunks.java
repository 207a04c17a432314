package org.dialtone.sip.trunk;

import java.time.Duration;
import java.util.List;
import org.dialtone.core.trunk.NumberFormat;
import org.dialtone.core.trunk.Trunk;
import org.dialtone.core.trunk.TrunkCredentials;

/** Trunks for tests: the carrier plays at 127.0.0.2 (sipp with {@code localAddress("127.0.0.2")}). */
final class TestTrunks {
    static final String CARRIER = "127.0.0.2";
    static final TrunkCredentials CREDENTIALS = new TrunkCredentials("trunkuser", "trunkpass");

    private TestTrunks() {}

    /** A trunk that REGISTERs (asking for {@code expiry}) and has no keepalive. */
    static Trunk registering(String name, int port, TrunkCredentials credentials, Duration expiry) {
        return new Trunk(name, CARRIER, port, "udp", null, credentials, true, expiry, List.of(CARRIER + "/32"), 0,
                NumberFormat.E164_PLUS, Duration.ZERO, null);
    }

    /** A trunk with an OPTIONS keepalive every {@code interval} and no registration. */
    static Trunk keptAlive(String name, int port, Duration interval) {
        return new Trunk(name, CARRIER, port, "udp", null, null, false, Duration.ofSeconds(600), List.of(CARRIER + "/32"),
                0, NumberFormat.E164_PLUS, interval, null);
    }

    /** A trunk with neither. */
    static Trunk plain(String name) {
        return new Trunk(name, CARRIER, 5060, "udp", null, null, false, Duration.ofSeconds(600), List.of(), 0,
                NumberFormat.E164_PLUS, Duration.ZERO, null);
    }
}
