package org.dialtone.core.customer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Stored SIP digest secrets of one account: HA1 = H(username:realm:password) for MD5 and SHA-256 (RFC 7616/8760).
 * The plain password is never stored; changing the realm invalidates these hashes.
 */
public record DigestCredentials(String realm, String ha1Md5, String ha1Sha256) {

    /** Derives both HA1 values from a password; the password is not kept. */
    public static DigestCredentials derive(String username, String realm, String password) {
        String a1 = username + ":" + realm + ":" + password;
        return new DigestCredentials(realm, hex("MD5", a1), hex("SHA-256", a1));
    }

    /** Lower-case hex of a digest of the UTF-8 bytes of {@code text}. */
    public static String hex(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " missing from the JDK", e);
        }
    }

    @Override public String toString() { return "DigestCredentials[realm=" + realm + ", hashes=<redacted>]"; }
}
