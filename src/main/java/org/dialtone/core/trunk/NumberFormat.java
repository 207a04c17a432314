package org.dialtone.core.trunk;

import java.util.Locale;

/** How a carrier wants numbers written in its Request-URI, To, From and P-Asserted-Identity. */
public enum NumberFormat {
    /** {@code +4930123456} */
    E164_PLUS,
    /** {@code 4930123456} */
    E164,
    /** The national form with the trunk prefix: {@code 030123456} (for country code 1: {@code 2025550123}). */
    NATIONAL;

    public String wire() { return name().toLowerCase(Locale.ROOT); }

    /** {@code e164_plus}, {@code e164} or {@code national}; empty when unknown. */
    public static java.util.Optional<NumberFormat> fromWire(String s) {
        if (s == null) return java.util.Optional.empty();
        for (NumberFormat f : values()) if (f.wire().equals(s.strip().toLowerCase(Locale.ROOT))) return java.util.Optional.of(f);
        return java.util.Optional.empty();
    }
}
