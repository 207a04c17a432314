package org.dialtone.http.admin;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;
import java.util.function.Consumer;
import org.dialtone.core.admin.AdminException;
import org.dialtone.core.admin.Administration;
import org.dialtone.http.AdminAuthenticator;
import org.dialtone.http.ApiError;
import org.dialtone.http.action.RequestBodyReader;
import org.dialtone.http.action.TokenRateLimiter;

/**
 * The management API under {@value #PREFIX}: customers, their extensions, API tokens, DIDs and ring groups, and the
 * audit log. Every route needs an admin token ({@link AdminAuthenticator}); bodies are JSON; successes are
 * {@code {"data": ...}} (201 for a create, 204 for a delete), failures the API's error envelope. Paths name the
 * customer, so another customer's extension is simply not found (404). Each admin token has a request budget of its
 * own, as a customer's API token has ({@link TokenRateLimiter}, keyed by the token's SHA-256): every answer carries
 * the {@code X-RateLimit-*} headers, and a spent budget is {@code 429 rate_limited} with {@code Retry-After}.
 */
public final class AdminRoutes implements Consumer<RoutesConfig> {
    public static final String PREFIX = "/v1.0/admin";
    static final String CUSTOMER = PREFIX + "/customers/{code}";

    private final Administration admin;
    private final AdminAuthenticator auth;
    private final TokenRateLimiter limiter;

    /** @param limiter the management API's own buckets (not shared with the customer API's) */
    public AdminRoutes(Administration admin, AdminAuthenticator auth, TokenRateLimiter limiter) {
        this.admin = admin;
        this.auth = auth;
        this.limiter = limiter;
    }

    /** A handler that knows who acts. */
    @FunctionalInterface
    interface AdminHandler {
        void handle(Context ctx, String actor) throws Exception;
    }

    @Override
    public void accept(RoutesConfig routes) {
        var c = new CustomerHandlers(admin);
        var r = new RoutingHandlers(admin);
        routes.get(PREFIX + "/customers", guarded(c::list));
        routes.post(PREFIX + "/customers", guarded(c::create));
        routes.get(CUSTOMER, guarded(c::get));
        routes.patch(CUSTOMER, guarded(c::rename));
        routes.delete(CUSTOMER, guarded(c::delete));
        routes.get(CUSTOMER + "/extensions", guarded(c::extensions));
        routes.post(CUSTOMER + "/extensions", guarded(c::createExtension));
        routes.get(CUSTOMER + "/extensions/{number}", guarded(c::extension));
        routes.patch(CUSTOMER + "/extensions/{number}", guarded(c::renameExtension));
        routes.delete(CUSTOMER + "/extensions/{number}", guarded(c::deleteExtension));
        routes.post(CUSTOMER + "/extensions/{number}/password", guarded(c::resetPassword));
        routes.get(CUSTOMER + "/tokens", guarded(c::tokens));
        routes.post(CUSTOMER + "/tokens", guarded(c::createToken));
        routes.delete(CUSTOMER + "/tokens/{id}", guarded(c::revokeToken));
        routes.get(CUSTOMER + "/dids", guarded(r::dids));
        routes.post(CUSTOMER + "/dids", guarded(r::createDid));
        routes.delete(CUSTOMER + "/dids/{number}", guarded(r::deleteDid));
        routes.get(CUSTOMER + "/ring-groups", guarded(r::ringGroups));
        routes.post(CUSTOMER + "/ring-groups", guarded(r::createRingGroup));
        routes.patch(CUSTOMER + "/ring-groups/{number}", guarded(r::updateRingGroup));
        routes.delete(CUSTOMER + "/ring-groups/{number}", guarded(r::deleteRingGroup));
        routes.get(PREFIX + "/audit", guarded(r::audit));
    }

    /** Authenticates, spends one request of the token's budget, runs the handler, and turns refusals into the envelope. */
    private Handler guarded(AdminHandler handler) {
        return ctx -> {
            AdminAuthenticator.Admin admitted;
            switch (auth.authenticate(ctx.header("Authorization"), ctx.ip())) {
                case AdminAuthenticator.Admin a -> admitted = a;
                case AdminAuthenticator.Throttled t -> {
                    discardBody(ctx);
                    ApiError.throttled(ctx, t.retryAfterSeconds());
                    return;
                }
                case AdminAuthenticator.Unauthenticated u -> {
                    discardBody(ctx);
                    ctx.header("WWW-Authenticate", ApiError.REALM_CHALLENGE);
                    ApiError.send(ctx, 401, "unauthorized", "Missing or invalid admin token", null);
                    return;
                }
            }
            TokenRateLimiter.Decision limit = limiter.tryAcquire(admitted.tokenSha256());
            limit.addHeaders(ctx);
            if (!limit.allowed()) {
                discardBody(ctx);
                ctx.header("Retry-After", Long.toString(limit.retryAfterSeconds()));
                ApiError.send(ctx, 429, "rate_limited", "Too many requests for this admin token; retry after "
                        + limit.retryAfterSeconds() + " s", null);
                return;
            }
            String actor = admitted.label();
            try {
                handler.handle(ctx, actor);
            } catch (AdminException e) {
                ApiError.send(ctx, status(e.reason()), error(e.reason()), e.getMessage(), e.field());
            } catch (BodyException e) {
                ApiError.send(ctx, e.status, e.error, e.getMessage(), e.field);
            }
        };
    }

    /**
     * Reads a refused request's body through (at most a few KiB), so the client reads the answer rather than a
     * connection reset; a longer body gets {@code Connection: close} instead.
     */
    private static void discardBody(Context ctx) {
        try {
            if (RequestBodyReader.discard(ctx.req().getContentLengthLong(), ctx.req().getInputStream())) return;
        } catch (java.io.IOException e) {
            // cannot read it: close
        }
        ctx.header("Connection", "close");
    }

    static int status(AdminException.Reason reason) {
        return switch (reason) {
            case NOT_FOUND -> 404;
            case MANAGED_BY_CONFIG, ALREADY_EXISTS, IN_USE -> 409;
            case MISSING_FIELD, INVALID_FIELD -> 400;
        };
    }

    static String error(AdminException.Reason reason) {
        return switch (reason) {
            case NOT_FOUND -> "not_found";
            case MANAGED_BY_CONFIG -> "managed_by_config";
            case ALREADY_EXISTS -> "already_exists";
            case IN_USE -> "in_use";
            case MISSING_FIELD -> "missing_field";
            case INVALID_FIELD -> "invalid_field";
        };
    }

    /** {@code {"data": value}} with this status. */
    static void data(Context ctx, int status, Object value) {
        ctx.status(status).json(Map.of("data", value));
    }
}
