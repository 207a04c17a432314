package org.dialtone.core.customer;

/** An API token of a customer, stored only as SHA-256 hex of the token. */
public record ApiToken(String customerCode, String tokenSha256, String label) {

    /** The stored form of a presented token. */
    public static String hash(String token) { return DigestCredentials.hex("SHA-256", token); }

    @Override public String toString() { return "ApiToken[customer=" + customerCode + ", label=" + label + "]"; }
}
