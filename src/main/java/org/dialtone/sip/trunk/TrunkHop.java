package org.dialtone.sip.trunk;

import java.util.Locale;
import org.dialtone.core.trunk.Trunk;

/** Where requests to a trunk are sent: its outbound proxy when it has one, else its own host and port. */
public record TrunkHop(String host, int port, String transport) {
    public static final int DEFAULT_PORT = 5060;

    public static TrunkHop of(Trunk trunk) {
        String transport = trunk.transport() == null ? "udp" : trunk.transport().toLowerCase(Locale.ROOT);
        String proxy = trunk.outboundProxy();
        if (proxy == null || proxy.isBlank()) {
            return new TrunkHop(trunk.host(), trunk.port() > 0 ? trunk.port() : DEFAULT_PORT, transport);
        }
        String p = proxy.strip();
        int colon = p.lastIndexOf(':');
        boolean hasPort = colon > 0 && p.indexOf(':') == colon && p.substring(colon + 1).matches("\\d{1,5}");
        if (!hasPort) return new TrunkHop(p, DEFAULT_PORT, transport);
        return new TrunkHop(p.substring(0, colon), Integer.parseInt(p.substring(colon + 1)), transport);
    }

    /** Whether a transport error reported for {@code host:port/transport} concerns this hop. */
    public boolean is(String otherHost, int otherPort, String otherTransport) {
        return host.equalsIgnoreCase(otherHost) && port == otherPort
                && (otherTransport == null || transport.equalsIgnoreCase(otherTransport));
    }
}
