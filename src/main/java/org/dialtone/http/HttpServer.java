package org.dialtone.http;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson3;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP adapter: operations endpoints ({@code /health}, {@code /metrics}) plus the API routes handed in by the
 * caller (the event stream now, call control later). Requests run on virtual threads.
 * <p>
 * There is deliberately no request log (neither Javalin's request logger nor a Jetty {@code RequestLog}): the event
 * stream's URL may carry the API token ({@code access_token}). Whatever logs a request logs its path only, never its
 * query string.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private final Javalin app;

    /**
     * @param checks named health checks (e.g. sip, storage); /health is 200 only when all pass
     * @param apiRoutes registers the API's routes
     */
    public HttpServer(String bindAddress, int port, PrometheusMeterRegistry metrics, Map<String, BooleanSupplier> checks,
                      Consumer<RoutesConfig> apiRoutes) {
        this(bindAddress, port, metrics, checks, Map.of(), apiRoutes);
    }

    /**
     * @param checks  named health checks (e.g. sip, storage); /health is 200 only when all pass; each runs at most once
     *                per {@link HealthChecks#CACHE_FOR}, however often /health is asked
     * @param details named information shown under {@code details} in /health (e.g. trunks: each trunk up or not);
     *                it never changes the status
     * @param apiRoutes registers the API's routes
     */
    public HttpServer(String bindAddress, int port, PrometheusMeterRegistry metrics, Map<String, BooleanSupplier> checks,
                      Map<String, Supplier<?>> details, Consumer<RoutesConfig> apiRoutes) {
        this(bindAddress, port, metrics, checks, Map.of(), details, apiRoutes);
    }

    /**
     * @param checks     named health checks (e.g. sip, storage): one failing makes /health {@code 503 down}
     * @param degradedIf named conditions under which the switch runs but refuses some work (e.g. load: shedding new
     *                   calls); while one holds, and no check fails, /health is {@code 200 degraded}: up enough that a
     *                   supervisor must not restart it (that would drop the calls it carries), not up for monitoring
     * @param details    named information shown under {@code details} in /health; it never changes the status
     * @param apiRoutes  registers the API's routes
     */
    public HttpServer(String bindAddress, int port, PrometheusMeterRegistry metrics, Map<String, BooleanSupplier> checks,
                      Map<String, BooleanSupplier> degradedIf, Map<String, Supplier<?>> details,
                      Consumer<RoutesConfig> apiRoutes) {
        HealthChecks health = new HealthChecks(checks);
        app = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.jsonMapper(new JavalinJackson3());
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = bindAddress;
            cfg.jetty.port = port;
            cfg.http.prefer405over404 = true;
            cfg.routes.get("/health", ctx -> {
                Map<String, String> status = new LinkedHashMap<>();
                boolean up = true;
                for (var check : health.results().entrySet()) {
                    status.put(check.getKey(), check.getValue() ? "up" : "down");
                    up &= check.getValue();
                }
                boolean degraded = false;
                for (var condition : degradedIf.entrySet()) {
                    boolean holds = holds(condition.getValue());
                    status.put(condition.getKey(), holds ? "degraded" : "up");
                    degraded |= holds;
                }
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("status", !up ? "down" : degraded ? "degraded" : "up");
                body.put("checks", status);
                if (!details.isEmpty()) body.put("details", details(details));
                ctx.status(up ? 200 : 503).json(body);
            });
            cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));
            apiRoutes.accept(cfg.routes);
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> httpError(ctx, e.getStatus()));
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                log.error("HTTP {} {} failed", ctx.method(), ctx.path(), e);
                ApiError.send(ctx, 500, "internal", "Internal error", null);
            });
        });
        app.start();
        log.info("HTTP listening on {}:{}", bindAddress, port());
    }

    /** A check or condition as it is now; one that throws is false (a failing check, a condition that does not hold). */
    private static boolean holds(BooleanSupplier check) {
        try {
            return check.getAsBoolean();
        } catch (RuntimeException e) {
            log.debug("health check threw", e);
            return false;
        }
    }

    private static Map<String, Object> details(Map<String, Supplier<?>> details) {
        Map<String, Object> shown = new LinkedHashMap<>();
        for (var d : details.entrySet()) {
            try {
                shown.put(d.getKey(), d.getValue().get());
            } catch (RuntimeException e) {
                log.warn("health detail {} failed", d.getKey(), e);
                shown.put(d.getKey(), null);
            }
        }
        return shown;
    }

    /**
     * Javalin's own refusals (no such route, wrong method, body over its limit...) in the API's error envelope.
     */
    private static void httpError(Context ctx, int status) {
        switch (status) {
            case 404 -> ApiError.send(ctx, 404, "not_found", "No such endpoint: " + ctx.method() + " " + ctx.path(), null);
            case 405 -> ApiError.send(ctx, 405, "method_not_allowed",
                    ctx.method() + " is not allowed on " + ctx.path(), null);
            case 413 -> ApiError.send(ctx, 413, "payload_too_large", "The request body is too large", null);
            default -> ApiError.send(ctx, status, status >= 500 ? "internal" : "bad_request",
                    status >= 500 ? "Internal error" : "Bad request", null);
        }
    }

    public int port() { return app.port(); }

    /** Every registered HTTP route as {@code METHOD path} (e.g. {@code GET /v1.0/admin/customers}), for checks. */
    public java.util.List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(e -> e.endpoint.method.name() + " " + e.endpoint.path).toList();
    }

    @Override
    public void close() { app.stop(); }
}
