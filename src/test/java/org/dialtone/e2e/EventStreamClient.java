package org.dialtone.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.dialtone.e2e.StrictSseParser.Frame;

/**
 * A JDK HttpClient reading {@code /v1.0/events/sse/chan} line by line ({@code BodyHandlers.ofLines}) on its own thread
 * into a {@link StrictSseParser}. A framing error is kept and rethrown by every accessor, so tests fail with it.
 */
final class EventStreamClient implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final HttpResponse<Stream<String>> response;
    private final StrictSseParser parser = new StrictSseParser();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean ended;
    private final Thread reader;

    private EventStreamClient(HttpResponse<Stream<String>> response) {
        this.response = response;
        reader = Thread.ofVirtual().name("sse-test-reader").start(() -> {
            try (Stream<String> lines = response.body()) {
                lines.forEach(parser::line);
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            } finally {
                ended = true;
            }
        });
    }

    static String basic(String token) {
        return "Basic " + Base64.getEncoder().encodeToString(("token:" + token).getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse<Stream<String>> request(int port, String query, Map<String, String> headers) {
        var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1.0/events/sse/chan"
                + (query == null ? "" : "?" + query))).GET();
        headers.forEach(b::header);
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Opens a stream and checks that it is one (200, text/event-stream). A null {@code token} sends no
     * {@code Authorization} header (the query then carries {@code access_token}, as a browser's does).
     */
    static EventStreamClient open(int port, String token, String query, Map<String, String> headers) {
        var all = new java.util.HashMap<>(headers);
        if (token != null) all.put("Authorization", basic(token));
        var response = request(port, query, all);
        if (response.statusCode() != 200) {
            String body = String.join("\n", response.body().toList());
            throw new AssertionError("stream not opened: HTTP " + response.statusCode() + " " + body);
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("text/event-stream")) throw new AssertionError("Content-Type is " + type);
        return new EventStreamClient(response);
    }

    static EventStreamClient open(int port, String token) { return open(port, token, null, Map.of()); }

    List<Frame> frames() { check(); return parser.frames(); }
    List<Frame> events() { return frames().stream().filter(f -> f.id() != null).toList(); }
    List<String> comments() { check(); return parser.comments(); }
    List<Integer> retries() { check(); return parser.retries(); }
    boolean ended() { return ended; }

    /** The id of the last event frame received (what an EventSource would send as Last-Event-ID). */
    String lastId() {
        var e = events();
        return e.isEmpty() ? null : e.get(e.size() - 1).id();
    }

    private void check() {
        Throwable t = failure.get();
        if (t instanceof AssertionError a) throw a;
        if (t != null && !ended) throw new AssertionError("stream reader failed", t);
    }

    @Override
    public void close() {
        reader.interrupt();
        try {
            response.body().close();
        } catch (RuntimeException ignored) {
            // already closed
        }
    }
}
