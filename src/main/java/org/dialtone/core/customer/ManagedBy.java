package org.dialtone.core.customer;

import java.util.Locale;

/**
 * Who owns a customer, extension, API token, DID or ring group. {@link #CONFIG}: the YAML declares it; the start-up
 * sync creates, changes and removes it, and the management API refuses to change it. {@link #API}: the management API
 * created it; the start-up sync never touches it.
 */
public enum ManagedBy {
    CONFIG, API;

    /** {@code "config"} or {@code "api"}, as stored and as the API shows it. */
    public String wire() { return name().toLowerCase(Locale.ROOT); }

    public static ManagedBy fromWire(String wire) { return valueOf(wire.toUpperCase(Locale.ROOT)); }
}
