package org.dialtone.core.control;

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

    public CallControlException(Reason reason, String field, String message) {
        super(message);
        this.reason = reason;
        this.field = field;
    }

    public Reason reason() { return reason; }

    /** The request field at fault, or null. */
    public String field() { return field; }
}
