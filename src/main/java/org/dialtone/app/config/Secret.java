package org.dialtone.app.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Objects;

/**
 * A configured secret (password, API token). Its {@code toString} never shows the value, so config records can be
 * logged safely; call {@link #reveal()} only where the plain value is really needed (hashing it).
 */
public final class Secret {
    private final String value;

    private Secret(String value) { this.value = Objects.requireNonNull(value); }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Secret of(String value) { return value == null ? null : new Secret(value); }

    /** The plain value. Do not log it. */
    public String reveal() { return value; }

    public boolean isEmpty() { return value.isEmpty(); }

    @Override public boolean equals(Object o) { return o instanceof Secret s && s.value.equals(value); }

    @Override public int hashCode() { return value.hashCode(); }

    @Override public String toString() { return "<redacted>"; }
}
