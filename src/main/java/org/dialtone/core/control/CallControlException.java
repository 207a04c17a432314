package org.dialtone.core.control;

import java.time.Duration;
import java.util.Optional;

/**
 * A call-control action refused before it did anything. {@link Reason} maps one to one onto the API's machine error
 * codes; {@code field} names the request field at fault, when one is.
 */
public final class CallControlException extends RuntimeException {

    public enum Reason {
        /** Unknown (or other customer's) channel, extension, number, or empty parking spot. */
        NOT_FOUND,
        /** A value outside what the customer has, e.g. a spot outside the parking lot. */
        INVALID_FIELD,
        /** The channel is not in a state that allows the action (ringing, gone, not bridged). */
        INVALID_STATE,
        SPOT_OCCUPIED,
        /** The extension has no registered device. */
        EXTENSION_UNAVAILABLE,
        /** The switch is shutting down or out of resources. */
        UNAVAILABLE
    }

    private final Reason reason;
    private final String field;
    private final Duration retryAfter;

    public CallControlException(Reason reason, String field, String message) {
        this(reason, field, message, null);
    }

    /** @param retryAfter when the action may succeed if tried again (the switch is shedding load); null: unknown */
    public CallControlException(Reason reason, String field, String message, Duration retryAfter) {
        super(message);
        this.reason = reason;
        this.field = field;
        this.retryAfter = retryAfter;
    }

    public Reason reason() { return reason; }

    /** The request field at fault, or null. */
    public String field() { return field; }

    /** When trying again may succeed, if the core knows (an overloaded switch says when). */
    public Optional<Duration> retryAfter() { return Optional.ofNullable(retryAfter); }
}
