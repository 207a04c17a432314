package org.dialtone.http.action;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dialtone.http.ApiError;

/**
 * A finished action response: HTTP status and the JSON envelope. Immutable, so the idempotency store can hand the
 * same one to a repeated request.
 */
public record ActionResponse(int status, Map<String, Object> body) {
    public static final String SENT = "Command Sent Successfully";

    public ActionResponse {
        body = Collections.unmodifiableMap(new LinkedHashMap<>(body));
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
        return error(failure.status(), failure.error(), failure.getMessage(), failure.field());
    }
}
