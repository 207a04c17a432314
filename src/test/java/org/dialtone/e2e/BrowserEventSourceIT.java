package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.dialtone.core.event.EventType;
import org.dialtone.testing.BaresipPhone;
import org.dialtone.testing.RequiredTool;
import org.dialtone.testing.TestDirs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event stream in a real browser: a page served from its own origin (a tiny HTTP server here, on another port,
 * allowed through {@code http.cors_allowed_origins}) opens {@code new EventSource(url + '?access_token=' + token)} in
 * headless Chromium and POSTs every event it receives back to its server. Then two phones make a call.
 */
class BrowserEventSourceIT {
    private static final Duration T = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final List<JsonNode> reports = new CopyOnWriteArrayList<>();
    private HttpServer pageServer;
    private SwitchFixture sw;
    private Process chromium;

    @AfterEach
    void stop() throws InterruptedException {
        if (chromium != null) {
            // the browser starts helper processes (zygote, renderer, GPU/network services): kill them all
            List<ProcessHandle> all = chromium.descendants().toList();
            chromium.destroyForcibly();
            all.forEach(ProcessHandle::destroyForcibly);
            chromium.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
            for (ProcessHandle p : all) p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
        if (pageServer != null) pageServer.stop(0);
        if (sw != null) sw.close();
    }

    @Test
    void aPageFromAnotherOriginReceivesACallsEventsThroughEventSource() throws Exception {
        Path browser = RequiredTool.chromium();
        pageServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String origin = "http://127.0.0.1:" + pageServer.getAddress().getPort();
        sw = new SwitchFixture(Map.of("DIALTONE_HTTP_CORS_ALLOWED_ORIGINS", origin));
        String streamUrl = "http://127.0.0.1:" + sw.dialtone.httpPort() + "/v1.0/events/sse/chan";
        servePage(streamUrl, sw.token);
        pageServer.start();

        BaresipPhone alice = sw.registeredPhone("200", 440);
        BaresipPhone bob = sw.registeredPhone("201", 1000);
        Path dir = TestDirs.newDir("chromium");
        chromium = new ProcessBuilder(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--enable-logging=stderr", "--user-data-dir=" + dir.resolve("profile"), origin + "/")
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .redirectError(dir.resolve("stderr.log").toFile()).start();
        await("the page's EventSource open (browser log: " + dir.resolve("stderr.log") + ")").atMost(T)
                .until(() -> reports.stream().anyMatch(r -> r.has("open")) || !chromium.isAlive());
        assertThat(chromium.isAlive()).as("chromium running (log: " + dir.resolve("stderr.log") + ")").isTrue();

        alice.dial("201");
        bob.awaitEvent("CALL_ESTABLISHED", T);
        bob.hangup();
        alice.awaitEvent("CALL_CLOSED", T);

        await("five events reported by the page").atMost(T).until(() -> events().size() >= 5);
        List<JsonNode> events = events();
        assertThat(reports).as("no EventSource error").noneMatch(r -> r.has("error"));
        assertThat(events).extracting(j -> j.get("type").asString())
                .containsExactly("chan.dial_begin", "chan.dial_end", "chan.bridge", "chan.hangup", "chan.hangup");
        assertThat(events).extracting(j -> j.get("lastEventId").asString()).containsExactly("1", "2", "3", "4", "5");
        for (JsonNode event : events) {
            JsonNode data = JSON.readTree(event.get("data").asString());
            assertThat(data.get("event").asString()).isEqualTo(event.get("type").asString().substring("chan.".length()));
            assertThat(data.get("customer_code").asString()).isEqualTo("1000001");
            assertThat(data.at("/caller/number").asString()).as("caller of " + event).isEqualTo("200");
            assertThat(data.at("/callee/number").asString()).as("callee of " + event).isEqualTo("201");
        }
    }

    private List<JsonNode> events() { return reports.stream().filter(r -> r.has("type")).toList(); }

    /** {@code GET /}: the page, with the stream URL, token and event names filled in; {@code POST /report}: collected. */
    private void servePage(String streamUrl, String token) throws IOException {
        String page;
        try (InputStream in = getClass().getResourceAsStream("/browser/events.html")) {
            page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> names = Arrays.stream(EventType.values()).map(t -> "chan." + t.wire()).toList();
        byte[] html = page.replace("__STREAM_URL__", JSON.writeValueAsString(streamUrl))
                .replace("__TOKEN__", JSON.writeValueAsString(token))
                .replace("__EVENT_NAMES__", JSON.writeValueAsString(names)).getBytes(StandardCharsets.UTF_8);
        pageServer.createContext("/", exchange -> {
            try (exchange) {
                if (exchange.getRequestMethod().equals("POST") && exchange.getRequestURI().getPath().equals("/report")) {
                    reports.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
                    respond(exchange, 204, null, new byte[0]);
                } else if (exchange.getRequestURI().getPath().equals("/")) {
                    respond(exchange, 200, "text/html; charset=utf-8", html);
                } else {
                    respond(exchange, 404, null, new byte[0]);
                }
            }
        });
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        if (type != null) exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) exchange.getResponseBody().write(body);
    }
}
