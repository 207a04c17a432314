package org.dialtone.sip.trunk;

import java.time.Duration;
import java.util.List;
import org.dialtone.core.trunk.NumberFormat;
import org.dialtone.core.trunk.Trunk;
import org.dialtone.core.trunk.TrunkCredentials;

/** Builds {@link Trunk}s for tests: UDP, E.164 with +, no limit, no keepalive, its host's /32 as inbound network. */
final class TestTrunk {
    private final String name;
    private final String host;
    private final int port;
    private String transport = "udp";
    private String proxy;
    private TrunkCredentials credentials;
    private List<String> networks;
    private int maxChannels;
    private NumberFormat format = NumberFormat.E164_PLUS;
    private String countryCode;

    private TestTrunk(String name, String host, int port) {
        this.name = name;
        this.host = host;
        this.port = port;
        this.networks = List.of(host + "/32");
    }

    static TestTrunk of(String name, String host, int port) { return new TestTrunk(name, host, port); }

    TestTrunk transport(String t) { this.transport = t; return this; }
    TestTrunk outboundProxy(String hostPort) { this.proxy = hostPort; return this; }
    TestTrunk credentials(String user, String password) { this.credentials = new TrunkCredentials(user, password); return this; }
    TestTrunk inboundNetworks(String... cidrs) { this.networks = List.of(cidrs); return this; }
    TestTrunk maxChannels(int n) { this.maxChannels = n; return this; }
    TestTrunk format(NumberFormat f, String cc) { this.format = f; this.countryCode = cc; return this; }

    Trunk build() {
        return new Trunk(name, host, port, transport, proxy, credentials, false, Duration.ofSeconds(600), networks,
                maxChannels, format, Duration.ZERO, countryCode);
    }
}
