package org.dialtone.core.customer;

/**
 * An extension of a customer: the number people dial, the name shown as caller id, and the SIP account its devices
 * register with. {@code credentials} holds only digest hashes, never the password.
 */
public record Extension(String customerCode, String number, String displayName, String sipUsername,
                        DigestCredentials credentials) {
    public Extension {
        if (number == null || !number.matches("\\d{1,20}")) throw new IllegalArgumentException("extension number must be 1-20 digits");
        if (sipUsername == null || sipUsername.isBlank()) throw new IllegalArgumentException("sip username must not be empty");
        if (displayName == null) displayName = number;
    }
}
