package org.dialtone.sip.auth;

import java.util.Locale;
import java.util.Optional;
import org.dialtone.core.customer.DigestCredentials;

/** Digest hash algorithms we accept (RFC 7616 / RFC 8760); the "-sess" variants are deliberately not supported. */
public enum DigestAlgorithm {
    SHA_256("SHA-256", "SHA-256"),
    MD5("MD5", "MD5");

    private final String token;
    private final String jdkName;

    DigestAlgorithm(String token, String jdkName) {
        this.token = token;
        this.jdkName = jdkName;
    }

    /** The value of the {@code algorithm} parameter on the wire, e.g. {@code SHA-256}. */
    public String token() { return token; }

    /** Lower-case hex digest of the UTF-8 bytes of {@code text}. */
    public String hex(String text) { return DigestCredentials.hex(jdkName, text); }

    /** The stored HA1 for this algorithm, or null when the account has none. */
    public String storedHa1(DigestCredentials credentials) {
        return this == MD5 ? credentials.ha1Md5() : credentials.ha1Sha256();
    }

    /** Algorithm named by an {@code algorithm} parameter; absent means MD5 (RFC 2617). Empty when unsupported. */
    public static Optional<DigestAlgorithm> fromToken(String token) {
        if (token == null) return Optional.of(MD5);
        String t = token.trim().toUpperCase(Locale.ROOT);
        for (DigestAlgorithm a : values()) if (a.token.equals(t)) return Optional.of(a);
        return Optional.empty();
    }
}
