package org.dialtone.http;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.json.JavalinJackson3;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP adapter: operations endpoints ({@code /health}, {@code /metrics}) plus the API routes handed in by the
 * caller (the event stream now, call control later). Requests run on virtual threads.
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
        app = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.jsonMapper(new JavalinJackson3());
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = bindAddress;
            cfg.jetty.port = port;
            cfg.routes.get("/health", ctx -> {
                Map<String, String> status = new LinkedHashMap<>();
                boolean up = true;
                for (var check : checks.entrySet()) {
                    boolean ok;
                    try {
                        ok = check.getValue().getAsBoolean();
                    } catch (RuntimeException e) {
                        ok = false;
                    }
                    status.put(check.getKey(), ok ? "up" : "down");
                    up &= ok;
                }
                ctx.status(up ? 200 : 503).json(Map.of("status", up ? "up" : "down", "checks", status));
            });
            cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));
            apiRoutes.accept(cfg.routes);
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                log.error("HTTP {} {} failed", ctx.method(), ctx.path(), e);
                ctx.status(500).json(Map.of("msg", "Internal error", "code", 500, "error", "internal"));
            });
        });
        app.start();
        log.info("HTTP listening on {}:{}", bindAddress, port());
    }

    public int port() { return app.port(); }

    @Override
    public void close() { app.stop(); }
}
