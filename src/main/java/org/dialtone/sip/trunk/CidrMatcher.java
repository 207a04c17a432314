package org.dialtone.sip.trunk;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One network in CIDR notation ({@code 192.0.2.0/24}, {@code 2001:db8::/32}, or a bare address meaning the one
 * host), and whether an address lies in it. Parses IP literals only: a host name is an error, never a DNS lookup.
 */
final class CidrMatcher {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final byte[] network;
    private final int prefix;
    private final String text;

    private CidrMatcher(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /** @throws IllegalArgumentException when {@code cidr} is not an IP literal with an optional valid prefix length */
    static CidrMatcher parse(String cidr) {
        if (cidr == null || cidr.isBlank()) throw new IllegalArgumentException("empty network");
        String s = cidr.strip();
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        byte[] bytes = literal(address)
                .orElseThrow(() -> new IllegalArgumentException("'" + cidr + "' is not an IP network (a.b.c.d/n)"));
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > max) {
                throw new IllegalArgumentException("'" + cidr + "' has an invalid prefix length (0-" + max + ")");
            }
            prefix = Integer.parseInt(p);
        }
        return new CidrMatcher(bytes, prefix, s.toLowerCase(Locale.ROOT));
    }

    /** The bytes of an IPv4 or IPv6 literal, or empty when {@code address} is not one (no DNS). */
    static java.util.Optional<byte[]> literal(String address) {
        boolean v4 = IPV4.matcher(address).matches();
        boolean v6 = address.indexOf(':') >= 0 && address.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) return java.util.Optional.empty();
        if (v4) {
            for (String octet : address.split("\\.")) if (Integer.parseInt(octet) > 255) return java.util.Optional.empty();
        }
        try {
            // a literal is parsed, never looked up; brackets force the IPv6 parser
            return java.util.Optional.of(InetAddress.getByName(v6 ? "[" + address + "]" : address).getAddress());
        } catch (UnknownHostException e) {
            return java.util.Optional.empty();
        }
    }

    boolean matches(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) return false;
        int full = prefix / 8;
        for (int i = 0; i < full; i++) if (a[i] != network[i]) return false;
        int rest = prefix % 8;
        if (rest == 0) return true;
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }

    int prefixLength() { return prefix; }

    @Override public String toString() { return text; }
}
