package org.dialtone.core.admin;

/**
 * An API token as listed: {@code id} (the first {@link #ID_LENGTH} hex digits of the token's SHA-256, enough to name
 * it, useless to authenticate) and its label; never the token.
 */
public record TokenInfo(String id, String label) {
    public static final int ID_LENGTH = 16;

    public static String idOf(String tokenSha256) { return tokenSha256.substring(0, ID_LENGTH); }
}
