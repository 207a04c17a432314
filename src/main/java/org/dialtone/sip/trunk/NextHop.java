package org.dialtone.sip.trunk;

import org.dialtone.core.trunk.Trunk;

/**
 * Where requests to a trunk are sent: its outbound proxy when it has one, else its host and port.
 *
 * @param host an IP literal (IPv6 without brackets) or a host name
 */
record NextHop(String host, int port, String transport) {
    static final int DEFAULT_PORT = 5060;

    static NextHop of(Trunk trunk) {
        String transport = trunk.transport() == null ? "udp" : trunk.transport().toLowerCase(java.util.Locale.ROOT);
        String proxy = trunk.outboundProxy();
        if (proxy == null || proxy.isBlank()) return new NextHop(unbracket(trunk.host()), trunk.port(), transport);
        String p = proxy.strip();
        int colon = p.lastIndexOf(':');
        boolean hasPort = p.startsWith("[") ? colon > p.lastIndexOf(']') : colon > 0 && colon == p.indexOf(':');
        if (!hasPort) return new NextHop(unbracket(p), DEFAULT_PORT, transport);
        try {
            return new NextHop(unbracket(p.substring(0, colon)), Integer.parseInt(p.substring(colon + 1)), transport);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("trunk " + trunk.name() + ": outbound_proxy must be host:port", e);
        }
    }

    /** {@code host} as it goes into a SIP URI: IPv6 literals in brackets. */
    static String uriHost(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    @Override public String toString() { return uriHost(host) + ":" + port + "/" + transport; }
}
