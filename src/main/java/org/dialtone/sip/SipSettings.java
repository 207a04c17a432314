package org.dialtone.sip;

import java.time.Duration;

/** What the SIP adapter needs from the configuration. */
public record SipSettings(String bindAddress, String advertisedAddress, int udpPort, int tcpPort, String realm,
                          int minExpires, int maxExpires, int defaultExpires, Duration nonceLifetime,
                          int authFailuresPerMinute, boolean offerSha256, SipLimits limits) {
    /** Settings without any resource cap. */
    public SipSettings(String bindAddress, String advertisedAddress, int udpPort, int tcpPort, String realm,
                       int minExpires, int maxExpires, int defaultExpires, Duration nonceLifetime,
                       int authFailuresPerMinute, boolean offerSha256) {
        this(bindAddress, advertisedAddress, udpPort, tcpPort, realm, minExpires, maxExpires, defaultExpires,
                nonceLifetime, authFailuresPerMinute, offerSha256, SipLimits.NONE);
    }
}
