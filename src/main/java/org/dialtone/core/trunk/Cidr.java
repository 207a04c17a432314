package org.dialtone.core.trunk;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 192.0.2.0/24}, {@code 2001:db8::/32}), or a single address written
 * without a prefix length ({@code 198.51.100.7} = {@code /32}, {@code ::1} = {@code /128}). Only address literals are
 * understood: nothing here ever resolves a host name. Bits beyond the prefix must be zero ({@code 10.0.0.5/24} is
 * refused, to catch typos). IPv4-mapped IPv6 addresses ({@code ::ffff:192.0.2.1}) match the IPv4 network and back.
 */
public final class Cidr {
    private final byte[] network;
    private final int prefixLength;

    private Cidr(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
     * Parses {@code address/length} or a bare address.
     *
     * @throws IllegalArgumentException saying what is wrong, when {@code text} is not a network
     */
    public static Cidr parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("empty network");
        String s = text.strip();
        int slash = s.indexOf('/');
        String addressPart = slash < 0 ? s : s.substring(0, slash);
        byte[] address = literal(addressPart).orElseThrow(() ->
                new IllegalArgumentException("not an IPv4 or IPv6 address: \"" + addressPart + "\""));
        int bits = address.length * 8;
        int length = bits;
        if (slash >= 0) {
            String lengthPart = s.substring(slash + 1);
            if (!lengthPart.matches("\\d{1,3}") || Integer.parseInt(lengthPart) > bits) {
                throw new IllegalArgumentException("prefix length must be 0-" + bits + ", got \"" + lengthPart + "\"");
            }
            length = Integer.parseInt(lengthPart);
        }
        byte[] masked = mask(address, length);
        if (!Arrays.equals(masked, address)) {
            throw new IllegalArgumentException("address has bits set beyond the prefix length; did you mean "
                    + format(masked) + "/" + length + "?");
        }
        return new Cidr(masked, length);
    }

    /** The one-address network of an IP literal ({@code /32} or {@code /128}); empty for a host name. */
    public static Optional<Cidr> ofAddress(String ipLiteral) {
        return literal(ipLiteral).map(a -> new Cidr(a, a.length * 8));
    }

    /** Whether {@code host} is an IPv4 or IPv6 literal (IPv6 with or without brackets), as opposed to a host name. */
    public static boolean isIpLiteral(String host) {
        return literal(host).isPresent();
    }

    /** Whether {@code address} lies in this network. */
    public boolean contains(InetAddress address) {
        if (address == null) return false;
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            candidate = candidate.length == 4 ? mapped(candidate) : unmapped(candidate);
            if (candidate == null || candidate.length != network.length) return false;
        }
        return Arrays.equals(mask(candidate, prefixLength), network);
    }

    public int prefixLength() { return prefixLength; }

    public boolean isIpv6() { return network.length == 16; }

    /** Canonical form: {@code 192.0.2.0/24}, {@code 2001:db8::/32}. */
    @Override public String toString() { return format(network) + "/" + prefixLength; }

    @Override public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefixLength == prefixLength && Arrays.equals(c.network, network);
    }

    @Override public int hashCode() { return 31 * Arrays.hashCode(network) + prefixLength; }

    /** The bytes of an IPv4 ({@code a.b.c.d}, decimal, no leading zeros) or IPv6 literal; empty otherwise. */
    static Optional<byte[]> literal(String text) {
        if (text == null) return Optional.empty();
        String s = text.strip();
        if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1);
        if (s.indexOf(':') >= 0) return Optional.ofNullable(ipv6(s));
        return Optional.ofNullable(ipv4(s));
    }

    private static byte[] ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) return null;
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (!p.matches("0|[1-9]\\d{0,2}")) return null;
            int v = Integer.parseInt(p);
            if (v > 255) return null;
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte[] ipv6(String s) {
        if (!s.matches("[0-9A-Fa-f:.]+")) return null; // no zone ids, no names
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) return null;
        String head = gap < 0 ? s : s.substring(0, gap);
        String tail = gap < 0 ? "" : s.substring(gap + 2);
        int[] headGroups = groups(head, gap < 0);
        int[] tailGroups = gap < 0 ? new int[0] : groups(tail, true);
        if (headGroups == null || tailGroups == null) return null;
        int total = headGroups.length + tailGroups.length;
        if (gap < 0 ? total != 8 : total > 7) return null;
        byte[] out = new byte[16];
        for (int i = 0; i < headGroups.length; i++) put(out, i, headGroups[i]);
        for (int i = 0; i < tailGroups.length; i++) put(out, 8 - tailGroups.length + i, tailGroups[i]);
        return out;
    }

    /** 16-bit groups of one side of {@code ::}; an IPv4 literal may end the last side (two groups). */
    private static int[] groups(String side, boolean mayEndInIpv4) {
        if (side.isEmpty()) return new int[0];
        String[] parts = side.split(":", -1);
        int[] out = new int[parts.length + 1];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && mayEndInIpv4 && p.indexOf('.') >= 0) {
                byte[] v4 = ipv4(p);
                if (v4 == null) return null;
                out[n++] = (v4[0] & 0xff) << 8 | (v4[1] & 0xff);
                out[n++] = (v4[2] & 0xff) << 8 | (v4[3] & 0xff);
            } else {
                if (!p.matches("[0-9A-Fa-f]{1,4}")) return null;
                out[n++] = Integer.parseInt(p, 16);
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static void put(byte[] out, int group, int value) {
        out[2 * group] = (byte) (value >> 8);
        out[2 * group + 1] = (byte) value;
    }

    private static byte[] mask(byte[] address, int length) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, length - 8 * i));
            out[i] = (byte) (out[i] & (0xff00 >> keep));
        }
        return out;
    }

    private static byte[] mapped(byte[] v4) {
        byte[] out = new byte[16];
        out[10] = (byte) 0xff;
        out[11] = (byte) 0xff;
        System.arraycopy(v4, 0, out, 12, 4);
        return out;
    }

    private static byte[] unmapped(byte[] v6) {
        for (int i = 0; i < 10; i++) if (v6[i] != 0) return null;
        if (v6[10] != (byte) 0xff || v6[11] != (byte) 0xff) return null;
        return Arrays.copyOfRange(v6, 12, 16);
    }

    /** Dotted quad, or RFC 5952 text: lower-case hex, the longest run of two or more zero groups as {@code ::}. */
    private static String format(byte[] a) {
        if (a.length == 4) return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = (a[2 * i] & 0xff) << 8 | (a[2 * i + 1] & 0xff);
        int bestStart = -1, bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
