package org.dialtone.sip;

import org.dialtone.sip.auth.AuthFailureLimiter;
import org.dialtone.sip.auth.DigestAuthenticator;

/**
 * How the SIP server authenticates devices, built by the application's wiring: the digest verifier (its secret, realm,
 * nonce lifetime and offered algorithms) and the two failure limiters, per source address and account and per source
 * address overall.
 */
public record SipAuthentication(DigestAuthenticator digest, AuthFailureLimiter perAccount, AuthFailureLimiter perSource) {}
