package org.dialtone.http.action;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.dialtone.core.control.CallControl;
import org.dialtone.http.ApiAuthenticator;
import org.dialtone.http.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Mounts the call-control actions ({@link ActionRoute}); their OpenAPI fragment is {@code http/openapi/actions.json}. Each action request goes through,
 * in order: authentication ({@code 401}, or {@code 429} for an address that sent too many unknown tokens), the per-token rate limit ({@code 429}; the {@code X-RateLimit-*} headers
 * are on every authenticated response), the {@code Idempotency-Key} header, content type ({@code 415}), body size
 * ({@code 413}), the idempotency store (replay or {@code 409 idempotency_conflict}), field parsing ({@code 400}),
 * then {@link CallControl}. A response that is not ready at once (sync originate) is completed asynchronously,
 * so no thread waits for a phone to be answered.
 */
public final class ActionRoutes implements Consumer<RoutesConfig> {
    private static final Logger log = LoggerFactory.getLogger(ActionRoutes.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final ApiAuthenticator auth;
    private final CallControlActions actions;
    private final TokenRateLimiter limiter;
    private final IdempotencyStore idempotency;

    public ActionRoutes(CallControl control, ApiAuthenticator auth, ActionSettings settings) {
        this(control, auth, settings, new IdempotencyStore());
    }

    ActionRoutes(CallControl control, ApiAuthenticator auth, ActionSettings settings, IdempotencyStore idempotency) {
        this.auth = auth;
        this.actions = new CallControlActions(control, settings.syncAnswerTimeout());
        this.limiter = new TokenRateLimiter(settings.rateLimitPerSecond(), settings.rateLimitBurst());
        this.idempotency = idempotency;
    }

    @Override
    public void accept(RoutesConfig routes) {
        for (ActionRoute route : ActionRoute.values()) routes.post(route.path, ctx -> handle(ctx, route));
    }

    private void handle(Context ctx, ActionRoute route) {
        var admitted = ApiError.admit(ctx, auth.authenticate(ctx.header("Authorization"), ctx.ip()), () -> discardBody(ctx));
        if (admitted.isEmpty()) return;
        ApiAuthenticator.Principal principal = admitted.get();
        TokenRateLimiter.Decision limit = limiter.tryAcquire(principal.tokenHash());
        limit.addHeaders(ctx);
        if (!limit.allowed()) {
            discardBody(ctx);
            ctx.header("Retry-After", Long.toString(limit.retryAfterSeconds()));
            write(ctx, ActionResponse.error(429, "rate_limited",
                    "Too many requests for this token; retry after " + limit.retryAfterSeconds() + " s", null));
            return;
        }
        byte[] body = null;
        try {
            String key = ctx.header(IDEMPOTENCY_KEY);
            if (key != null && !IdempotencyStore.isValidKey(key)) {
                throw ApiFailure.invalidField(IDEMPOTENCY_KEY, "must be 1 to " + IdempotencyStore.MAX_KEY_LENGTH
                        + " visible ASCII characters");
            }
            String contentType = ctx.header("Content-Type");
            RequestBodyReader.kind(contentType);
            body = RequestBodyReader.readLimited(ctx.req().getContentLengthLong(), ctx.bodyInputStream());
            IdempotencyStore.Fresh claim = null;
            if (key != null) {
                switch (idempotency.claim(principal.tokenHash(), key, IdempotencyStore.fingerprint(route.path, body))) {
                    case IdempotencyStore.Replay replay -> {
                        ctx.header("Idempotent-Replayed", "true");
                        respond(ctx, replay.response());
                        return;
                    }
                    case IdempotencyStore.Conflict conflict -> throw new ApiFailure(409, "idempotency_conflict",
                            "Idempotency-Key was already used for a different request", null);
                    case IdempotencyStore.Fresh fresh -> claim = fresh;
                }
            }
            CompletableFuture<ActionResponse> result = run(route, principal.customerCode(), contentType, body);
            if (claim != null) {
                IdempotencyStore.Fresh fresh = claim;
                result = result.whenComplete((response, failure) -> idempotency.complete(fresh, response));
            }
            respond(ctx, result);
        } catch (ApiFailure failure) {
            if (body == null) discardBody(ctx); // refused before reading it (415, 413, a bad Idempotency-Key)
            write(ctx, ActionResponse.of(failure));
        }
    }

    /**
     * Reads what is left of a body the response does not need, so the client, still sending it, gets the response
     * rather than a connection reset; a body too long to read through gets {@code Connection: close} instead.
     */
    private static void discardBody(Context ctx) {
        try {
            if (RequestBodyReader.discard(ctx.req().getContentLengthLong(), ctx.req().getInputStream())) return;
        } catch (IOException e) {
            // cannot read it: close
        }
        ctx.header("Connection", "close");
    }

    /** The action's response; never completes exceptionally (failures become error responses). */
    private CompletableFuture<ActionResponse> run(ActionRoute route, String customerCode, String contentType, byte[] body) {
        CompletableFuture<ActionResponse> result;
        try {
            result = route.action.run(actions, customerCode, RequestBodyReader.parse(contentType, body));
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.exceptionally(e -> failureResponse(route, e));
    }

    private static ActionResponse failureResponse(ActionRoute route, Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof ApiFailure failure) return ActionResponse.of(failure);
        log.error("{} failed", route.path, cause);
        return ActionResponse.error(500, "internal", "Internal error", null);
    }

    private static void respond(Context ctx, CompletableFuture<ActionResponse> response) {
        if (response.isDone()) write(ctx, response.join());
        else ctx.future(() -> response.thenAccept(r -> write(ctx, r)));
    }

    private static void write(Context ctx, ActionResponse response) {
        if (response.retryAfterSeconds() > 0) ctx.header("Retry-After", Long.toString(response.retryAfterSeconds()));
        ctx.status(response.status()).contentType("application/json").result(JSON.writeValueAsBytes(response.body()));
    }
}
