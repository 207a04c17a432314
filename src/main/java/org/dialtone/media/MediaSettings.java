package org.dialtone.media;

import java.util.Objects;

/**
 * Where the media engine binds: the local address and the inclusive UDP port range for RTP/RTCP pairs (RTP on the even
 * port, RTCP on the next odd one).
 */
public record MediaSettings(String bindAddress, int portMin, int portMax) {
    public MediaSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (portMin < 1 || portMax > 65535 || portMin > portMax) {
            throw new IllegalArgumentException("invalid RTP port range " + portMin + "-" + portMax);
        }
        int firstEven = portMin + (portMin & 1);
        if (firstEven + 1 > portMax) {
            throw new IllegalArgumentException("RTP port range " + portMin + "-" + portMax + " holds no even/odd pair");
        }
    }
}
