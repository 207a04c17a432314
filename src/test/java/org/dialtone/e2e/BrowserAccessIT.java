package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dialtone.core.event.ChannelEvent;
import org.dialtone.core.event.EventType;
import org.dialtone.core.event.PartyInfo;
import org.dialtone.e2e.StrictSseParser.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a web page needs, checked with the JDK's HttpClient playing the browser: the event stream authenticated by the
 * {@code access_token} query parameter (EventSource cannot set headers), and CORS for the origins of
 * {@code http.cors_allowed_origins} (set here through the environment, as a container would). Without the key, nothing
 * of this changes what a client sees.
 */
class BrowserAccessIT {
    private static final Duration T = Duration.ofSeconds(10);
    private static final String APP = "https://reception.example.com";
    private static final String OTHER_APP = "https://evil.example.net";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String STREAM = "/v1.0/events/sse/chan";
    private static final String PARK = "/v1.0/action/chan/park";
    private SwitchFixture sw;

    @AfterEach void stop() { if (sw != null) sw.close(); }

    private void startWithCors() {
        sw = new SwitchFixture(Map.of("DIALTONE_HTTP_CORS_ALLOWED_ORIGINS", APP + ", http://localhost:3000"));
    }

    @Test
    void accessTokenOpensTheStreamWithFiltersAndDeliversEvents() {
        sw = new SwitchFixture();
        int port = sw.dialtone.httpPort();
        var r = EventStreamClient.request(port, "extension=226&access_token=" + enc(sw.token), Map.of());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        r.body().close();
        try (var stream = EventStreamClient.open(port, sw.token2, "access_token=" + enc(sw.token), Map.of());
             var byQuery = EventStreamClient.open(port, null, "access_token=" + enc(sw.token) + "&event=dial_begin", Map.of())) {
            await().atMost(T).until(() -> !byQuery.retries().isEmpty() && !stream.retries().isEmpty());
            publish(EventType.DIAL_BEGIN, "200", "201");
            publish(EventType.HANGUP, "200", "201");
            await().atMost(T).until(() -> "1".equals(byQuery.lastId()));
            assertThat(byQuery.events()).extracting(Frame::event).containsExactly("chan.dial_begin");
            // the header wins: stream was opened as customer two, so it never sees customer one's events
            assertThat(stream.events()).isEmpty();
        }
    }

    @Test
    void aWrongRepeatedOrMisplacedAccessTokenIs401() {
        sw = new SwitchFixture();
        int port = sw.dialtone.httpPort();
        for (String query : List.of("access_token=no-such-token-0000000000", "access_token=",
                "access_token=" + enc(sw.token) + "&access_token=" + enc(sw.token), "access_token=" + "x".repeat(2000))) {
            var r = EventStreamClient.request(port, query, Map.of());
            assertThat(r.statusCode()).as(query).isEqualTo(401);
            r.body().close();
        }
        // a wrong header is not rescued by a right query token
        var r = EventStreamClient.request(port, "access_token=" + enc(sw.token),
                Map.of("Authorization", EventStreamClient.basic("no-such-token-0000000000")));
        assertThat(r.statusCode()).isEqualTo(401);
        r.body().close();
        // the actions take the header only (fetch can send it)
        var action = send(HttpRequest.newBuilder(uri(PARK + "?access_token=" + enc(sw.token)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(action.statusCode()).isEqualTo(401);
    }

    @Test
    void anAllowedOriginGetsCorsHeadersOnTheStreamAndTheActions() {
        startWithCors();
        var stream = EventStreamClient.request(sw.dialtone.httpPort(), "access_token=" + enc(sw.token), Map.of("Origin", APP));
        assertThat(stream.statusCode()).isEqualTo(200);
        stream.body().close();
        assertThat(stream.headers().firstValue("Access-Control-Allow-Origin")).contains(APP);
        assertThat(stream.headers().allValues("Vary")).contains("Origin");

        var localhost = EventStreamClient.request(sw.dialtone.httpPort(), "access_token=" + enc(sw.token),
                Map.of("Origin", "http://localhost:3000"));
        localhost.body().close();
        assertThat(localhost.headers().firstValue("Access-Control-Allow-Origin")).contains("http://localhost:3000");

        var park = send(HttpRequest.newBuilder(uri(PARK)).header("Origin", APP)
                .header("Authorization", EventStreamClient.basic(sw.token)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"channel_id\":\"00000000-0000-4000-8000-000000000000\",\"parking_spot\":\"701\"}")));
        assertThat(park.statusCode()).isEqualTo(404);
        assertThat(park.headers().firstValue("Access-Control-Allow-Origin")).contains(APP);
        assertThat(park.headers().allValues("Vary")).contains("Origin");
        assertThat(park.headers().firstValue("Access-Control-Expose-Headers").orElse(""))
                .contains("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After");

        // errors too, so the page can tell a bad token from a network failure
        var unauthorized = send(HttpRequest.newBuilder(uri(PARK)).header("Origin", APP)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertThat(unauthorized.headers().firstValue("Access-Control-Allow-Origin")).contains(APP);
    }

    @Test
    void preflightsOfAnAllowedOriginAreAnswered() {
        startWithCors();
        var action = preflight(PARK, APP, "POST", "authorization,content-type,idempotency-key");
        assertThat(action.statusCode()).isEqualTo(204);
        assertThat(action.headers().firstValue("Access-Control-Allow-Origin")).contains(APP);
        assertThat(action.headers().firstValue("Access-Control-Allow-Methods")).contains("POST");
        assertThat(action.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
                .contains("Authorization", "Content-Type", "Idempotency-Key", "Last-Event-ID");
        assertThat(action.headers().allValues("Vary")).contains("Origin");
        assertThat(action.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();

        var stream = preflight(STREAM, APP, "GET", "authorization,last-event-id");
        assertThat(stream.statusCode()).isEqualTo(204);
        assertThat(stream.headers().firstValue("Access-Control-Allow-Origin")).contains(APP);
        assertThat(stream.headers().firstValue("Access-Control-Allow-Methods")).contains("GET");
    }

    @Test
    void anyOtherOriginGetsNoCorsHeader() {
        startWithCors();
        var stream = EventStreamClient.request(sw.dialtone.httpPort(), "access_token=" + enc(sw.token),
                Map.of("Origin", OTHER_APP));
        assertThat(stream.statusCode()).isEqualTo(200);
        stream.body().close();
        assertThat(corsHeaders(stream.headers())).isEmpty();
        var park = send(HttpRequest.newBuilder(uri(PARK)).header("Origin", APP + ".evil.example.net")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(park.statusCode()).isEqualTo(401);
        assertThat(corsHeaders(park.headers())).isEmpty();
        var pre = preflight(PARK, OTHER_APP, "POST", "authorization");
        assertThat(corsHeaders(pre.headers())).isEmpty();
        var noOrigin = EventStreamClient.request(sw.dialtone.httpPort(), "access_token=" + enc(sw.token), Map.of());
        noOrigin.body().close();
        assertThat(corsHeaders(noOrigin.headers())).isEmpty();
    }

    @Test
    void withoutTheKeyNothingChanges() {
        sw = new SwitchFixture();
        var stream = EventStreamClient.request(sw.dialtone.httpPort(), "access_token=" + enc(sw.token), Map.of("Origin", APP));
        stream.body().close();
        assertThat(corsHeaders(stream.headers())).isEmpty();
        assertThat(stream.headers().allValues("Vary")).isEmpty();
        var pre = preflight(PARK, APP, "POST", "authorization");
        assertThat(pre.statusCode()).isEqualTo(405);
        assertThat(corsHeaders(pre.headers())).isEmpty();
    }

    private HttpResponse<String> preflight(String path, String origin, String method, String headers) {
        return send(HttpRequest.newBuilder(uri(path)).header("Origin", origin)
                .header("Access-Control-Request-Method", method).header("Access-Control-Request-Headers", headers)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    }

    private static Map<String, List<String>> corsHeaders(HttpHeaders headers) {
        var out = new java.util.TreeMap<String, List<String>>();
        headers.map().forEach((k, v) -> { if (k.toLowerCase().startsWith("access-control-")) out.put(k, v); });
        return out;
    }

    private URI uri(String pathAndQuery) { return URI.create("http://127.0.0.1:" + sw.dialtone.httpPort() + pathAndQuery); }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(T).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

    private void publish(EventType type, String caller, String callee) {
        sw.dialtone.events().publish(new ChannelEvent(type, "1.000001", "1.000001", System.currentTimeMillis() / 1000.0,
                "internal", "1000001", party(caller), party(callee), party(caller)));
    }

    private static PartyInfo party(String number) {
        return new PartyInfo("up", number, "N" + number, number, null, null, null, null, null, null);
    }
}
