package org.dialtone.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Headless Chromium driven over the DevTools protocol (CDP) through the JDK's own WebSocket: no WebDriver, no new
 * dependency. One browser, one page (a target attached in flat mode, so every command carries its session id).
 * Input goes through {@code Input.dispatchMouseEvent} / {@code dispatchKeyEvent}: the page sees the same trusted
 * pointer, mouse and key events a person would cause.
 * <p>
 * The page's uncaught exceptions, console errors and browser log entries (a Content-Security-Policy violation is one)
 * are collected in {@link #problems()}. {@link #close()} kills the browser and every process it started.
 */
public final class Browser implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path dir;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final String session;

    private Browser(Process process, Path dir, WebSocket socket, Listener listener) {
        this.process = process;
        this.dir = dir;
        this.socket = socket;
        listener.browser = this;
        String target = command(null, "Target.createTarget", Map.of("url", "about:blank")).path("targetId").asString();
        session = command(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true))
                .path("sessionId").asString();
        send("Page.enable", Map.of());
        send("Runtime.enable", Map.of());
        send("Log.enable", Map.of());
    }

    /** Starts headless Chromium with a fresh profile under a new test directory, its window {@code width}×{@code height}. */
    public static Browser start(int width, int height) {
        Path chromium = RequiredTool.chromium();
        Path dir = TestDirs.newDir("browser");
        Path profile = dir.resolve("profile");
        Process process;
        try {
            process = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
                    "--window-size=" + width + "," + height, "--hide-scrollbars", "--enable-logging=stderr",
                    "--user-data-dir=" + profile, "about:blank")
                    .redirectOutput(dir.resolve("stdout.log").toFile())
                    .redirectError(dir.resolve("stderr.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            // Chromium writes the port it picked and the browser target's path once it listens
            Path active = profile.resolve("DevToolsActivePort");
            List<String> lines = await("DevToolsActivePort (browser log: " + dir.resolve("stderr.log") + ")")
                    .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                    .until(() -> {
                        if (!process.isAlive()) throw new IllegalStateException("chromium exited: " + process.exitValue());
                        return Files.readAllLines(active);
                    }, l -> l.size() >= 2 && !l.get(1).isBlank());
            URI uri = URI.create("ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim());
            Listener listener = new Listener();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, listener).get(10, TimeUnit.SECONDS);
            return new Browser(process, dir, socket, listener);
        } catch (Exception | AssertionError e) {
            kill(process);
            if (e instanceof ConditionTimeoutException c) throw c;
            throw new IllegalStateException("chromium did not start its DevTools endpoint; log: "
                    + dir.resolve("stderr.log"), e);
        }
    }

    /** The directory with the browser's profile and logs. */
    public Path dir() { return dir; }

    /** Runs a CDP command on the page and returns its {@code result}; a protocol error is an exception. */
    public JsonNode send(String method, Map<String, ?> params) { return command(session, method, params); }

    private JsonNode command(String sessionId, String method, Map<String, ?> params) {
        int id = ids.incrementAndGet();
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", id);
        message.put("method", method);
        message.put("params", params);
        if (sessionId != null) message.put("sessionId", sessionId);
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            synchronized (socket) {
                socket.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
            }
            JsonNode answer = reply.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (answer.has("error")) throw new IllegalStateException(method + " failed: " + answer.get("error"));
            return answer.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(method + " got no answer", e);
        } finally {
            pending.remove(id);
        }
    }

    private void received(JsonNode message) {
        if (message.has("id")) {
            CompletableFuture<JsonNode> reply = pending.get(message.get("id").asInt());
            if (reply != null) reply.complete(message);
            return;
        }
        String method = message.path("method").asString("");
        JsonNode params = message.path("params");
        switch (method) {
            case "Runtime.exceptionThrown" -> problems.add("exception: " + params.path("exceptionDetails")
                    .path("exception").path("description").asString(params.path("exceptionDetails").toString()));
            case "Runtime.consoleAPICalled" -> {
                if (params.path("type").asString("").equals("error")) problems.add("console.error: " + params.path("args"));
            }
            case "Log.entryAdded" -> {
                JsonNode entry = params.path("entry");
                // a refused request (401, 409...) is logged as a network error too: that is the page at work
                if (!entry.path("source").asString("").equals("network")) {
                    problems.add("log " + entry.path("level").asString() + " " + entry.path("source").asString() + ": "
                            + entry.path("text").asString());
                }
            }
            default -> { }
        }
    }

    /** What went wrong in the page so far: uncaught exceptions, console errors, CSP violations and other log entries. */
    public List<String> problems() { return List.copyOf(problems); }

    /** Opens {@code url} and waits until its document and scripts are loaded. */
    public void navigate(String url) {
        send("Page.navigate", Map.of("url", url));
        waitFor("document.readyState === 'complete' && location.href === " + JSON.writeValueAsString(url),
                Duration.ofSeconds(15));
    }

    /** The value of a JavaScript expression (awaited if it is a promise); a thrown exception is an exception here. */
    public JsonNode evaluate(String expression) {
        JsonNode r = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("page threw on " + expression + ": " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    /** Waits until the expression is truthy. */
    public void waitFor(String condition, Duration timeout) {
        await(condition).atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> evaluate("!!(" + condition + ")").asBoolean());
    }

    /** Waits until an element matching {@code selector} exists and is rendered (not hidden). */
    public void waitForVisible(String selector, Duration timeout) {
        waitFor("(e => e && e.getClientRects().length > 0)(document.querySelector(" + quote(selector) + "))", timeout);
    }

    /** The rendered text of the first element matching {@code selector}, or null when there is none. */
    public String text(String selector) {
        JsonNode v = evaluate("document.querySelector(" + quote(selector) + ")?.innerText ?? null");
        return v.isNull() ? null : v.asString();
    }

    /** Waits until the text of {@code selector} contains {@code text}. */
    public void waitForText(String selector, String text, Duration timeout) {
        waitFor("(document.querySelector(" + quote(selector) + ")?.innerText ?? '').includes(" + quote(text) + ")", timeout);
    }

    /** Scrolls the element into view and returns the centre of its box, in CSS pixels of the viewport. */
    public double[] centre(String selector) {
        JsonNode p = evaluate("(() => { const e = document.querySelector(" + quote(selector) + ");"
                + " if (!e) throw new Error('no element ' + " + quote(selector) + ");"
                + " e.scrollIntoView({block: 'center', inline: 'center'}); const r = e.getBoundingClientRect();"
                + " return [r.left + r.width / 2, r.top + r.height / 2]; })()");
        return new double[] {p.get(0).asDouble(), p.get(1).asDouble()};
    }

    /** A left click in the middle of the element, as a mouse does it. */
    public void click(String selector) {
        double[] at = centre(selector);
        mouse("mouseMoved", at[0], at[1], 0);
        mouse("mousePressed", at[0], at[1], 1);
        mouse("mouseReleased", at[0], at[1], 1);
    }

    /**
     * Presses the left button on {@code from}, moves the mouse in small steps to {@code to} and releases it there: a
     * real drag (the page sees pointerdown, pointermove..., pointerup).
     */
    public void drag(String from, String to) {
        double[] a = centre(from);
        mouse("mouseMoved", a[0], a[1], 0);
        mouse("mousePressed", a[0], a[1], 1);
        double[] b = centre(to); // may scroll; the button is still held
        double[] start = centre(from);
        int steps = 12;
        for (int i = 1; i <= steps; i++) {
            mouse("mouseMoved", start[0] + (b[0] - start[0]) * i / steps, start[1] + (b[1] - start[1]) * i / steps, 1);
        }
        mouse("mouseReleased", b[0], b[1], 1);
    }

    private void mouse(String type, double x, double y, int buttons) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", type);
        p.put("x", x);
        p.put("y", y);
        p.put("button", type.equals("mouseMoved") && buttons == 0 ? "none" : "left");
        p.put("buttons", buttons);
        if (!type.equals("mouseMoved")) p.put("clickCount", 1);
        send("Input.dispatchMouseEvent", p);
    }

    /** Gives the element the keyboard focus. */
    public void focus(String selector) {
        evaluate("document.querySelector(" + quote(selector) + ").focus()");
    }

    /** Types text into the focused element, as a keyboard would (input events included). */
    public void type(String text) {
        send("Input.insertText", Map.of("text", text));
    }

    /** Presses and releases one key: {@code Enter}, {@code Tab}, {@code Escape}, {@code Space} ({@code " "}). */
    public void press(String key) {
        record Key(String key, String code, int keyCode, String text) {}
        Key k = switch (key) {
            case "Enter" -> new Key("Enter", "Enter", 13, "\r");
            case "Tab" -> new Key("Tab", "Tab", 9, null);
            case "Escape" -> new Key("Escape", "Escape", 27, null);
            case " ", "Space" -> new Key(" ", "Space", 32, " ");
            default -> throw new IllegalArgumentException("no key " + key);
        };
        Map<String, Object> down = new LinkedHashMap<>();
        down.put("type", k.text() == null ? "rawKeyDown" : "keyDown");
        down.put("key", k.key());
        down.put("code", k.code());
        down.put("windowsVirtualKeyCode", k.keyCode());
        if (k.text() != null) down.put("text", k.text());
        send("Input.dispatchKeyEvent", down);
        send("Input.dispatchKeyEvent", Map.of("type", "keyUp", "key", k.key(), "code", k.code(),
                "windowsVirtualKeyCode", k.keyCode()));
    }

    /** A description of the focused element ({@code BUTTON "Move…"}), for checking keyboard navigation. */
    public String focused() {
        return evaluate("(e => e ? e.tagName + ' ' + JSON.stringify(e.getAttribute('aria-label') ?? e.innerText) : 'none')"
                + "(document.activeElement)").asString();
    }

    /** Emulates a screen of {@code width}×{@code height} CSS pixels; {@code mobile} as a phone (viewport meta honoured). */
    public void screen(int width, int height, boolean mobile, double scale) {
        send("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", scale, "mobile", mobile));
    }

    /** The whole page (not only the viewport) as a PNG file. */
    public Path screenshot(Path png) { return screenshot(png, true); }

    /** The page as a PNG file: all of it, or what the screen shows ({@code wholePage} false). */
    public Path screenshot(Path png, boolean wholePage) {
        JsonNode r = send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", wholePage));
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            Files.write(png, Base64.getDecoder().decode(r.path("data").asString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png;
    }

    private static String quote(String s) { return JSON.writeValueAsString(s); }

    @Override
    public void close() {
        try {
            socket.abort();
        } finally {
            kill(process);
        }
    }

    /** Kills the browser and every helper process it started (zygote, renderer, GPU and network services). */
    private static void kill(Process process) {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        process.destroyForcibly();
        all.forEach(ProcessHandle::destroyForcibly);
        process.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
        for (ProcessHandle p : all) p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }

    /** Reassembles CDP messages (a screenshot spans many frames) and hands each to the browser. */
    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        /** Set before the first command is sent, so before any message can arrive. */
        volatile Browser browser;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonNode message = JSON.readTree(partial.toString());
                partial.setLength(0);
                browser.received(message);
            }
            webSocket.request(1);
            return null;
        }
    }
}
