package org.dialtone.media;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import org.dialtone.core.trunk.Cidr;

/**
 * Strict RTP: which remote addresses an endpoint may latch onto, and where it may send before it has latched. An
 * endpoint only ever talks to an address its leg has proven it owns, so nobody who merely knows (or guesses) a port
 * can take over a call's audio, and nobody can aim the switch's RTP at a third party.
 *
 * <p><b>Latching</b> (the first valid packet fixes the remote for good, until a re-INVITE changes the SDP address). A
 * packet may latch when it comes from
 * <ul>
 *   <li>exactly the SDP address and port (what the leg asked to receive on; answering it sends to no one new), or</li>
 *   <li>the IP address the leg's signalling came from, any port (a phone behind NAT), or</li>
 *   <li>any address of a network in {@code rtp.trusted_networks} that also holds the SDP address (a carrier's media
 *       pool, whose gateways may send from another port or another address than the SDP names).</li>
 * </ul>
 * Anything else is rejected. Unlike Asterisk's learning mode, a stranger that keeps sending never qualifies, however
 * well-formed its stream: only the leg's own signalling, or a network the operator declared trusted, vouches for it.
 *
 * <p><b>Sending before latching</b> goes to the SDP address only when its IP is the signalling IP or in
 * {@code rtp.trusted_networks}; otherwise nothing is sent until the remote's first packet latches.
 */
final class StrictRtp {
    private final List<Cidr> trustedNetworks;

    StrictRtp(List<Cidr> trustedNetworks) {
        this.trustedNetworks = List.copyOf(trustedNetworks);
    }

    /**
     * Whether a valid RTP packet from {@code source} may become the remote of a leg that negotiated {@code sdpAddress}
     * (null before the SDP) and signals from {@code signallingIp} (null when unknown).
     */
    boolean mayLatch(InetSocketAddress source, InetSocketAddress sdpAddress, InetAddress signallingIp) {
        InetAddress from = source.getAddress();
        if (from == null) {
            return false;
        }
        if (sameIp(from, signallingIp)) {
            return true;
        }
        InetAddress sdpIp = sdpAddress == null ? null : sdpAddress.getAddress();
        if (sdpIp == null) {
            return false;
        }
        if (sameIp(from, sdpIp) && source.getPort() == sdpAddress.getPort()) {
            return true;
        }
        for (Cidr network : trustedNetworks) {
            if (network.contains(sdpIp) && network.contains(from)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where a leg that has not latched yet may send: {@code sdpAddress} when its IP is {@code signallingIp} or in a
     * trusted network, else null (send nothing). Never a wildcard address (c=0.0.0.0 means hold, not "here").
     */
    InetSocketAddress destinationBeforeLatch(InetSocketAddress sdpAddress, InetAddress signallingIp) {
        InetAddress sdpIp = sdpAddress == null ? null : sdpAddress.getAddress();
        if (sdpIp == null || sdpIp.isAnyLocalAddress() || sdpAddress.getPort() == 0) {
            return null;
        }
        return sameIp(sdpIp, signallingIp) || isTrusted(sdpIp) ? sdpAddress : null;
    }

    private boolean isTrusted(InetAddress address) {
        for (Cidr network : trustedNetworks) {
            if (network.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** Equal IPs, an IPv4 address and its IPv4-mapped IPv6 form counting as one (dual-stack sockets). */
    static boolean sameIp(InetAddress a, InetAddress b) {
        if (a == null || b == null) {
            return false;
        }
        if (a.getClass() == b.getClass()) {
            return a.equals(b); // the usual case, and allocation-free: it runs per packet until a leg latches
        }
        return Arrays.equals(ipv4Bytes(a), ipv4Bytes(b));
    }

    private static byte[] ipv4Bytes(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address && isIpv4Mapped(bytes)) {
            return Arrays.copyOfRange(bytes, 12, 16);
        }
        return bytes;
    }

    private static boolean isIpv4Mapped(byte[] v6) {
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return false;
            }
        }
        return v6[10] == (byte) 0xff && v6[11] == (byte) 0xff;
    }
}
