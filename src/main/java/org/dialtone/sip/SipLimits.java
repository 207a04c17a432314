package org.dialtone.sip;

import java.time.Duration;

/**
 * The SIP adapter's resource caps (0 or zero: no cap). {@code maxCallsPerAccount}: calls the devices of one SIP account
 * are in at once (calling, or being rung); {@code maxContactsPerAccount}: registered contacts of one account;
 * {@code tcpMaxConnections} and {@code tcpMaxConnectionsPerIp}: SIP/TCP connections accepted in all and from one
 * address; {@code tcpIdle}: how long an accepted connection that carries no registration and no call may go without
 * completing a SIP message.
 */
public record SipLimits(int maxCallsPerAccount, int maxContactsPerAccount, int tcpMaxConnections,
                        int tcpMaxConnectionsPerIp, Duration tcpIdle) {
    public static final SipLimits NONE = new SipLimits(0, 0, 0, 0, Duration.ZERO);
}
