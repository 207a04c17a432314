package org.dialtone.core.admin;

/**
 * What a create or reset returns: the item and its secret (a SIP password or an API token), shown this once and never
 * stored in the clear; null when the caller supplied the secret itself.
 */
public record Created<T>(Owned<T> owned, String secret) {
    @Override public String toString() { return "Created[" + owned + ", secret=<redacted>]"; }
}
