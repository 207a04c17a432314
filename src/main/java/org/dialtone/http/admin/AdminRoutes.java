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

/**
 * The management API under {@value #PREFIX}: customers, their extensions, API tokens, DIDs and ring groups, and the
 * audit log. Every route needs an admin token ({@link AdminAuthenticator}); bodies are JSON; successes are
 * {@code {"data": ...}} (201 for a create, 204 for a delete), failures the API's error envelope. Paths name the
 * customer, so another customer's extension is simply not found (404).
 */
public final class AdminRoutes implements Consumer<RoutesConfig> {
    public static final String PREFIX = "/v1.0/admin";
    static final String CUSTOMER = PREFIX + "/customers/{code}";

    private final Administration admin;
    private final AdminAuthenticator auth;

    public AdminRoutes(Administration admin, AdminAuthenticator auth) {
        this.admin = admin;
        this.auth = auth;
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
        routes.delete(CUSTOMER + "/ring-groups/{number}", guarded(r::deleteRingGroup));
        routes.get(PREFIX + "/audit", guarded(r::audit));
    }

    /** Authenticates, runs the handler, and turns its refusals into the error envelope. */
    private Handler guarded(AdminHandler handler) {
        return ctx -> {
            String actor;
            switch (auth.authenticate(ctx.header("Authorization"), ctx.ip())) {
                case AdminAuthenticator.Admin a -> actor = a.label();
                case AdminAuthenticator.Throttled t -> {
                    ApiError.throttled(ctx, t.retryAfterSeconds());
                    return;
                }
                case AdminAuthenticator.Unauthenticated u -> {
                    ctx.header("WWW-Authenticate", ApiError.REALM_CHALLENGE);
                    ApiError.send(ctx, 401, "unauthorized", "Missing or invalid admin token", null);
                    return;
                }
            }
            try {
                handler.handle(ctx, actor);
            } catch (AdminException e) {
                ApiError.send(ctx, status(e.reason()), error(e.reason()), e.getMessage(), e.field());
            } catch (BodyException e) {
                ApiError.send(ctx, e.status, e.error, e.getMessage(), e.field);
            }
        };
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
