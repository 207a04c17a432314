package org.dialtone.app.admin;

import java.util.function.Consumer;

/**
 * What a change through the management API must do to the running switch so that it takes effect at once: reload
 * the in-memory directory (SIP digest credentials, extensions), re-apply the dial plan's routing, forget a token or a
 * customer's tokens in the API's cache and close their event streams, drop a SIP account's registrations.
 *
 * @param revokeToken       by the token's SHA-256 hex
 * @param revokeCustomer    by customer code: every token of it
 * @param dropRegistrations by SIP user name
 */
public record Effects(Runnable reloadDirectory, Runnable reloadRouting, Consumer<String> revokeToken,
                      Consumer<String> revokeCustomer, Consumer<String> dropRegistrations) {}
