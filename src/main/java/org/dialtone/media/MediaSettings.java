package org.dialtone.media;

import java.util.List;
import java.util.Objects;
import org.dialtone.core.trunk.Cidr;

/**
 * Where the media engine binds: the local address and the inclusive UDP port range for RTP/RTCP pairs (RTP on the even
 * port, RTCP on the next odd one); and the networks whose SDP addresses are trusted before their first packet arrived
 * ({@code rtp.trusted_networks}, see {@link StrictRtp}).
 */
public record MediaSettings(String bindAddress, int portMin, int portMax, List<Cidr> trustedNetworks) {
    public MediaSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (portMin < 1 || portMax > 65535 || portMin > portMax) {
            throw new IllegalArgumentException("invalid RTP port range " + portMin + "-" + portMax);
        }
        int firstEven = portMin + (portMin & 1);
        if (firstEven + 1 > portMax) {
            throw new IllegalArgumentException("RTP port range " + portMin + "-" + portMax + " holds no even/odd pair");
        }
        trustedNetworks = List.copyOf(trustedNetworks);
    }

    /** No trusted networks: before latching, RTP goes only to an SDP address that is the signalling source's IP. */
    public MediaSettings(String bindAddress, int portMin, int portMax) {
        this(bindAddress, portMin, portMax, List.of());
    }
}
