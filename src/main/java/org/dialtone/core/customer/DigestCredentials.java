package org.dialtone.core.customer;

/**
 * Stored SIP digest secrets of one account: HA1 = H(username:realm:password) for MD5 and SHA-256 (RFC 7616/8760).
 * The plain password is never stored; changing the realm invalidates these hashes.
 */
public record DigestCredentials(String realm, String ha1Md5, String ha1Sha256) {
    @Override public String toString() { return "DigestCredentials[realm=" + realm + ", hashes=<redacted>]"; }
}
