package org.dialtone.core.location;

import java.time.Instant;

/**
 * One registered device (contact) of a SIP account. {@code contactUri} and {@code source} are opaque to the core;
 * the SIP adapter knows what they mean. {@code instanceKey} identifies the binding (contact URI + Call-ID).
 */
public record Registration(String sipUsername, String contactUri, String source, String transport,
                           String callId, Instant expiresAt, String userAgent) {
    public boolean expired(Instant now) { return !expiresAt.isAfter(now); }
}
