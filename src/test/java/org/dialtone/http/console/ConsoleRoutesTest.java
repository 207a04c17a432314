package org.dialtone.http.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dialtone.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's files as a browser gets them: types, caching, the security policy, and nothing else of the jar. */
class ConsoleRoutesTest {
    private final HttpClient client = HttpClient.newHttpClient();
    private HttpServer server;
    private final ConsoleRoutes console = new ConsoleRoutes();

    @BeforeEach
    void start() {
        server = new HttpServer("127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Map.<String, BooleanSupplier>of(), routes -> console.accept(routes));
    }

    @AfterEach
    void stop() { server.close(); }

    @Test
    void thePageIsServedAtConsoleWithAStrictPolicy() throws Exception {
        for (String path : new String[] {"/console", "/console/"}) {
            HttpResponse<String> page = get(path, null);
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(type(page)).isEqualTo("text/html;charset=utf-8");
            assertThat(page.body()).contains("<script type=\"module\" src=\"/console/app.js\"></script>");
            String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(csp).startsWith("default-src 'self';").contains("script-src 'self';")
                    .contains("frame-ancestors 'none'").doesNotContain("unsafe");
            assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
            assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        }
    }

    @Test
    void everyFileThePageNamesIsServedWithItsTypeAndRevalidated() throws Exception {
        assertThat(type(get("/console/console.css", null))).isEqualTo("text/css;charset=utf-8");
        for (String module : new String[] {"app.js", "api.js", "live.js", "view.js", "drag.js"}) {
            HttpResponse<String> js = get("/console/" + module, null);
            assertThat(js.statusCode()).as(module).isEqualTo(200);
            assertThat(type(js)).isEqualTo("text/javascript;charset=utf-8");
            // every module the page imports exists (a missing one would only show in the browser's console)
            Matcher imports = Pattern.compile("from '\\./([a-z-]+\\.js)'").matcher(js.body());
            while (imports.find()) assertThat(get("/console/" + imports.group(1), null).statusCode()).isEqualTo(200);
            String etag = js.headers().firstValue("ETag").orElseThrow();
            HttpResponse<String> again = get("/console/" + module, etag);
            assertThat(again.statusCode()).as("unchanged: not sent again").isEqualTo(304);
            assertThat(again.body()).isEmpty();
        }
    }

    @Test
    void noInlineScriptOrStyleThePolicyWouldBlock() throws IOException {
        String html = resource("index.html");
        assertThat(html).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContain(" style=")
                .doesNotContain("<style").doesNotContainPattern("\\son[a-z]+=");
    }

    @Test
    void onlyConsoleFilesAreServed() throws Exception {
        for (String path : new String[] {"/console/nothing.js", "/console/..%2Flogback.xml", "/console/%2e%2e%2Fhttp",
                "/console/Index.HTML", "/console/app.js.map", "/console/logback.xml"}) {
            HttpResponse<String> r = get(path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).contains("\"error\":\"not_found\"");
        }
    }

    @Test
    void namesThatAreNotThereAreNotRemembered() throws Exception {
        // a scanner asking for a thousand plausible names must not grow the switch's memory
        for (int i = 0; i < 1000; i++) assertThat(get("/console/probe-" + i + ".js", null).statusCode()).isEqualTo(404);
        assertThat(get("/console/app.js", null).statusCode()).isEqualTo(200);
        assertThat(console.cached()).as("files held: only ones that exist").isEqualTo(1);
    }

    private static String type(HttpResponse<?> r) {
        return r.headers().firstValue("Content-Type").orElse("").replace(" ", "").toLowerCase(java.util.Locale.ROOT);
    }

    private String resource(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/org/dialtone/console/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private HttpResponse<String> get(String path, String ifNoneMatch) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (ifNoneMatch != null) b.header("If-None-Match", ifNoneMatch);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
