package org.dialtone.http.action;

import org.dialtone.core.control.CallControlException;

/**
 * A request refused with an error envelope: HTTP {@code status}, machine code {@code error}, a human {@code msg}
 * and, when one input field is at fault, its name.
 */
public final class ApiFailure extends RuntimeException {
    private final int status;
    private final String error;
    private final String field;
    private final long retryAfterSeconds;

    public ApiFailure(int status, String error, String msg, String field) {
        this(status, error, msg, field, 0);
    }

    /** @param retryAfterSeconds sent as {@code Retry-After} when above 0 */
    public ApiFailure(int status, String error, String msg, String field, long retryAfterSeconds) {
        super(msg, null, false, false);
        this.status = status;
        this.error = error;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() { return status; }
    public String error() { return error; }
    public String field() { return field; }
    /** The {@code Retry-After} to send, in seconds; 0: none. */
    public long retryAfterSeconds() { return retryAfterSeconds; }

    public static ApiFailure missingField(String field) {
        return new ApiFailure(400, "missing_field", "Missing required field " + field, field);
    }

    public static ApiFailure invalidField(String field, String why) {
        return new ApiFailure(400, "invalid_field", "Invalid field " + field + ": " + why, field);
    }

    public static ApiFailure invalidJson(String why) {
        return new ApiFailure(400, "invalid_json", "Invalid JSON: " + why, null);
    }

    /** The one-to-one mapping of the core's refusals onto status and machine code. */
    public static ApiFailure of(CallControlException e) {
        String msg = e.getMessage() == null || e.getMessage().isBlank() ? defaultMessage(e.reason()) : e.getMessage();
        return switch (e.reason()) {
            case NOT_FOUND -> new ApiFailure(404, "not_found", msg, e.field());
            case INVALID_FIELD -> new ApiFailure(400, "invalid_field", msg, e.field());
            case INVALID_STATE -> new ApiFailure(409, "invalid_state", msg, e.field());
            case SPOT_OCCUPIED -> new ApiFailure(409, "spot_occupied", msg, e.field());
            case EXTENSION_UNAVAILABLE -> new ApiFailure(409, "extension_unavailable", msg, e.field());
            case UNAVAILABLE -> new ApiFailure(503, "unavailable", msg, e.field(),
                    e.retryAfter().map(d -> Math.max(1, d.toSeconds())).orElse(0L));
        };
    }

    private static String defaultMessage(CallControlException.Reason reason) {
        return switch (reason) {
            case NOT_FOUND -> "Not found";
            case INVALID_FIELD -> "Invalid field";
            case INVALID_STATE -> "The channel is not in a state that allows this action";
            case SPOT_OCCUPIED -> "The parking spot is occupied";
            case EXTENSION_UNAVAILABLE -> "The extension has no registered device";
            case UNAVAILABLE -> "The switch cannot take this action now";
        };
    }
}
