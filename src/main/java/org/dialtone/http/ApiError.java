package org.dialtone.http;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The API's error envelope: HTTP status equal to {@code code}, body {@code {"msg", "code", "error"}} plus
 * {@code "field"} when one input is at fault (see the API contract).
 */
public final class ApiError {
    public static final String REALM_CHALLENGE = "Basic realm=\"dialtone\"";

    private ApiError() {}

    public static Map<String, Object> body(int status, String error, String msg, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("msg", msg);
        body.put("code", status);
        body.put("error", error);
        if (field != null) body.put("field", field);
        return body;
    }

    public static void send(Context ctx, int status, String error, String msg, String field) {
        ctx.status(status).json(body(status, error, msg, field));
    }

    /** {@code 401} with the Basic challenge; never says whether the token exists. */
    public static void unauthorized(Context ctx) {
        ctx.header("WWW-Authenticate", REALM_CHALLENGE);
        send(ctx, 401, "unauthorized", "Missing or invalid API token", null);
    }

    /**
     * {@code 429 rate_limited} for a client address that presented too many unknown tokens; no token was looked up.
     */
    public static void throttled(Context ctx, long retryAfterSeconds) {
        ctx.header("Retry-After", Long.toString(retryAfterSeconds));
        send(ctx, 429, "rate_limited", "Too many requests with unknown API tokens from this address; retry after "
                + retryAfterSeconds + " s", null);
    }

    /** {@code 400 invalid_field}. */
    public static void invalidField(Context ctx, String field, String msg) {
        send(ctx, 400, "invalid_field", msg, field);
    }

    /**
     * The principal of an authenticated request; otherwise answers it ({@code 429} with {@code Retry-After} when the
     * client is throttled, else {@code 401}), after running {@code beforeRefusal} (e.g. draining a request body), and
     * returns empty.
     */
    public static java.util.Optional<ApiAuthenticator.Principal> admit(Context ctx, ApiAuthenticator.Outcome outcome,
                                                                       Runnable beforeRefusal) {
        switch (outcome) {
            case ApiAuthenticator.Authenticated a -> {
                return java.util.Optional.of(a.principal());
            }
            case ApiAuthenticator.Throttled t -> {
                beforeRefusal.run();
                throttled(ctx, t.retryAfterSeconds());
            }
            case ApiAuthenticator.Unauthenticated u -> {
                beforeRefusal.run();
                unauthorized(ctx);
            }
        }
        return java.util.Optional.empty();
    }
}
