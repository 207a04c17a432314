package org.dialtone.app;

import java.security.SecureRandom;
import java.util.Base64;

/** Random SIP passwords and API tokens, for the demo customer and the management API. Thread-safe. */
public final class GeneratedSecrets {
    /** Letters and digits without look-alikes (0/O, 1/l/I). */
    static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
    static final int PASSWORD_LENGTH = 12;
    static final int TOKEN_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private GeneratedSecrets() {}

    /** {@value #PASSWORD_LENGTH} characters of {@link #PASSWORD_ALPHABET} (about 70 bits). */
    public static String password() {
        StringBuilder sb = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++) sb.append(PASSWORD_ALPHABET.charAt(RANDOM.nextInt(PASSWORD_ALPHABET.length())));
        return sb.toString();
    }

    /** {@value #TOKEN_BYTES} random bytes, base64url without padding. */
    public static String token() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
