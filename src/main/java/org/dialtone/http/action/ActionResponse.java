package org.dialtone.http.action;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dialtone.http.ApiError;

/**
 * A finished action response: HTTP status, the JSON envelope and, when above 0, a {@code Retry-After} in seconds (an
 * overloaded switch's 503). Immutable, so the idempotency store can hand the same one to a repeated request.
 */
public record ActionResponse(int status, Map<String, Object> body, long retryAfterSeconds) {
    public static final String SENT = "Command Sent Successfully";

    public ActionResponse {
        body = Collections.unmodifiableMap(new LinkedHashMap<>(body));
    }

    public ActionResponse(int status, Map<String, Object> body) {
        this(status, body, 0);
    }

    /** {@code {"msg": "Command Sent Successfully", "code": 200, "data": {...}}}. */
    public static ActionResponse success(Map<String, Object> data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("msg", SENT);
        body.put("code", 200);
        body.put("data", Collections.unmodifiableMap(new LinkedHashMap<>(data)));
        return new ActionResponse(200, body);
    }

    /** {@code {"msg", "code", "error"}} plus {@code "field"} when one input is at fault. */
    public static ActionResponse error(int status, String error, String msg, String field) {
        return new ActionResponse(status, ApiError.body(status, error, msg, field));
    }

    public static ActionResponse of(ApiFailure failure) {
        return new ActionResponse(failure.status(),
                ApiError.body(failure.status(), failure.error(), failure.getMessage(), failure.field()),
                failure.retryAfterSeconds());
    }
}
