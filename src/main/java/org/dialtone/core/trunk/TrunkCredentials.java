package org.dialtone.core.trunk;

/**
 * What we answer a carrier's digest challenge with. The password must be kept in clear to compute responses for a
 * realm we learn only from the challenge; it lives in memory (from the configuration), never in the database or a log.
 */
public record TrunkCredentials(String username, String password) {
    @Override public String toString() { return "TrunkCredentials[username=" + username + ", password=<redacted>]"; }
}
