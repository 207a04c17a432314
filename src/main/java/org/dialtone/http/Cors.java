package org.dialtone.http;

import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Cross-origin access for browser pages served from the origins of {@code http.cors_allowed_origins} (e.g. a
 * receptionist's screen in a customer's web app). For a request whose {@code Origin} is one of them, an API route
 * answers with {@code Access-Control-Allow-Origin: <that origin>} and the headers a page may read; its preflight
 * ({@code OPTIONS}) is answered with the allowed method and request headers. Any other origin gets no CORS header, so
 * the browser keeps its page away from the response. With no origin configured nothing is added at all, not even the
 * {@code OPTIONS} routes: non-browser clients see exactly what they saw before.
 * <p>
 * No {@code Access-Control-Allow-Credentials}: the API authenticates with a token, never with cookies.
 */
public final class Cors {
    static final String ALLOW_HEADERS = "Authorization, Content-Type, Idempotency-Key, Last-Event-ID";
    static final String EXPOSE_HEADERS =
            "X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After, Idempotent-Replayed";
    /** How long a browser may reuse a preflight answer. */
    static final String MAX_AGE_SECONDS = "600";

    private final Set<String> origins;

    /** @param allowedOrigins origins as a browser sends them ({@code https://app.example.com}), compared case-insensitively */
    public Cors(List<String> allowedOrigins) {
        origins = allowedOrigins.stream().map(o -> o.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    public boolean enabled() { return !origins.isEmpty(); }

    /**
     * Adds CORS to {@code path}, whose real routes answer {@code method}: the CORS headers on every response of the
     * path (errors included, so a page can read a 401 or 429), and the preflight route.
     */
    public void allow(JavalinDefaultRoutingApi routes, String path, String method) {
        if (!enabled()) return;
        routes.before(path, this::addHeaders);
        routes.options(path, ctx -> {
            if (allowedOrigin(ctx) != null) {
                ctx.header("Access-Control-Allow-Methods", method);
                ctx.header("Access-Control-Allow-Headers", ALLOW_HEADERS);
                ctx.header("Access-Control-Max-Age", MAX_AGE_SECONDS);
            }
            ctx.header("Allow", method + ", OPTIONS");
            ctx.status(204);
        });
    }

    private void addHeaders(Context ctx) {
        // the answer depends on Origin whatever it is: caches must not hand one origin's response to another
        ctx.header("Vary", "Origin");
        String origin = allowedOrigin(ctx);
        if (origin == null) return;
        ctx.header("Access-Control-Allow-Origin", origin);
        ctx.header("Access-Control-Expose-Headers", EXPOSE_HEADERS);
    }

    /** The request's {@code Origin} if it is allowed, as sent; else null. */
    private String allowedOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        return origin != null && origins.contains(origin.toLowerCase(Locale.ROOT)) ? origin : null;
    }
}
