package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dialtone.core.event.ChannelEvent;
import org.dialtone.core.event.EventType;
import org.dialtone.core.event.PartyInfo;
import org.dialtone.e2e.StrictSseParser.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event stream's HTTP behaviour with synthetic events published on the bus: auth, request errors, the per-token
 * stream limit, filters, replay gaps and keepalive comments. Small limits are configured through the environment.
 */
class EventStreamProtocolIT {
    private static final Duration T = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private SwitchFixture sw;
    private int port;

    @BeforeEach void start() {
        sw = new SwitchFixture(Map.of(
                "DIALTONE_EVENTS_BUFFER_MAX_EVENTS", "5",
                "DIALTONE_EVENTS_MAX_STREAMS_PER_TOKEN", "4",
                "DIALTONE_EVENTS_KEEPALIVE_SECONDS", "1",
                "DIALTONE_EVENTS_RETRY_MILLIS", "1500"));
        port = sw.dialtone.httpPort();
    }

    @AfterEach void stop() { sw.close(); }

    @Test
    void missingOrWrongCredentialsAre401WithChallengeBeforeAnyStream() {
        String wrongUser = "Basic " + Base64.getEncoder().encodeToString(("admin:" + sw.token).getBytes(StandardCharsets.UTF_8));
        for (Map<String, String> headers : List.of(Map.<String, String>of(),
                Map.of("Authorization", EventStreamClient.basic("no-such-token-0000000000")),
                Map.of("Authorization", wrongUser),
                Map.of("Authorization", "Basic !!!not-base64"),
                Map.of("Authorization", "Bearer "),
                Map.of("Authorization", "Digest " + sw.token))) {
            var r = EventStreamClient.request(port, null, headers);
            assertThat(r.statusCode()).as(headers.toString()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"dialtone\"");
            assertThat(json(r)).isEqualTo(JSON.readTree(
                    "{\"msg\":\"Missing or invalid API token\",\"code\":401,\"error\":\"unauthorized\"}"));
        }
        try (var bearer = EventStreamClient.open(port, sw.token, null, Map.of())) {
            await().atMost(T).until(() -> bearer.retries().equals(List.of(1500)));
        }
        var r = EventStreamClient.request(port, null, Map.of("Authorization", "Bearer " + sw.token));
        assertThat(r.statusCode()).isEqualTo(200);
        r.body().close();
    }

    @Test
    void badQueryOrLastEventIdIs400WithTheFieldNamed() {
        record Case(String query, Map<String, String> headers, String field) {}
        for (Case c : List.of(
                new Case("foo=1", Map.of(), "foo"),
                new Case("event=dial_begin,ringing", Map.of(), "event"),
                new Case("event=", Map.of(), "event"),
                new Case("extension=12a", Map.of(), "extension"),
                new Case(null, Map.of("Last-Event-ID", "abc"), "Last-Event-ID"),
                new Case(null, Map.of("Last-Event-ID", "-3"), "Last-Event-ID"),
                new Case("last_event_id=1.5", Map.of(), "last_event_id"))) {
            var headers = new java.util.HashMap<>(c.headers());
            headers.put("Authorization", EventStreamClient.basic(sw.token));
            var r = EventStreamClient.request(port, c.query(), headers);
            assertThat(r.statusCode()).as(c.toString()).isEqualTo(400);
            JsonNode body = json(r);
            assertThat(body.propertyNames()).containsExactly("msg", "code", "error", "field");
            assertThat(body.get("code").asInt()).isEqualTo(400);
            assertThat(body.get("error").asString()).isEqualTo("invalid_field");
            assertThat(body.get("field").asString()).as(c.toString()).isEqualTo(c.field());
            assertThat(body.get("msg").asString()).isNotBlank();
        }
    }

    @Test
    void moreStreamsThanTheTokenLimitIs429UntilOneCloses() {
        var first = EventStreamClient.open(port, sw.token);
        try (var second = EventStreamClient.open(port, sw.token);
             var third = EventStreamClient.open(port, sw.token);
             var fourth = EventStreamClient.open(port, sw.token);
             var otherCustomer = EventStreamClient.open(port, sw.token2)) {
            var r = EventStreamClient.request(port, null, Map.of("Authorization", EventStreamClient.basic(sw.token)));
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            assertThat(r.headers().firstValue("X-RateLimit-Limit")).contains("4");
            JsonNode body = json(r);
            assertThat(body.get("code").asInt()).isEqualTo(429);
            assertThat(body.get("error").asString()).isEqualTo("rate_limited");
            assertThat(body.get("msg").asString()).contains("4");

            first.close(); // the server notices at its next write (keepalive: 1 s)
            await().atMost(T).until(() -> {
                var again = EventStreamClient.request(port, null, Map.of("Authorization", EventStreamClient.basic(sw.token)));
                again.body().close();
                return again.statusCode() == 200;
            });
        }
    }

    @Test
    void filtersSelectByExtensionAndEventName() {
        try (var reception = EventStreamClient.open(port, sw.token, "extension=226", Map.of());
             var beginsAndHangups = EventStreamClient.open(port, sw.token, "event=dial_begin&event=chan.hangup", Map.of());
             var both = EventStreamClient.open(port, sw.token, "extension=201,226&event=hangup", Map.of())) {
            await().atMost(T).until(() -> !reception.retries().isEmpty() && !beginsAndHangups.retries().isEmpty()
                    && !both.retries().isEmpty());
            publish(EventType.DIAL_BEGIN, "200", "226", "226");  // 1
            publish(EventType.DIAL_END, "200", "226", "226");    // 2
            publish(EventType.BRIDGE, "200", "201", "200");      // 3
            publish(EventType.HANGUP, "200", "201", "201");      // 4
            publish(EventType.HANGUP, "202", "203", "202");      // 5
            publish(EventType.HANGUP, "226", "201", "226");      // 6
            await().atMost(T).until(() -> "6".equals(reception.lastId()) && "6".equals(beginsAndHangups.lastId())
                    && "6".equals(both.lastId()));
            assertThat(reception.events()).extracting(Frame::id).containsExactly("1", "2", "6");
            assertThat(beginsAndHangups.events()).extracting(Frame::id).containsExactly("1", "4", "5", "6");
            assertThat(both.events()).extracting(Frame::id).containsExactly("4", "6");
        }
    }

    @Test
    void resumingFromBeyondTheBufferGetsAGapNoticeThenEverythingBuffered() {
        for (int i = 0; i < 8; i++) publish(EventType.DIAL_BEGIN, "200", "201", "201"); // buffer keeps 4..8
        try (var inBuffer = EventStreamClient.open(port, sw.token, null, Map.of("Last-Event-ID", "3"));
             var tooOld = EventStreamClient.open(port, sw.token, null, Map.of("Last-Event-ID", "1"));
             var unknown = EventStreamClient.open(port, sw.token, "last_event_id=99", Map.of());
             var upToDate = EventStreamClient.open(port, sw.token, null, Map.of("Last-Event-ID", "8"))) {
            for (var s : List.of(inBuffer, tooOld, unknown)) await().atMost(T).until(() -> "8".equals(s.lastId()));
            assertThat(inBuffer.frames()).extracting(Frame::id).containsExactly("4", "5", "6", "7", "8");
            for (var s : List.of(tooOld, unknown)) {
                assertThat(s.frames()).extracting(Frame::event).first().isEqualTo("chan.gap");
                assertThat(s.frames()).extracting(Frame::id).containsExactly(null, "4", "5", "6", "7", "8");
            }
            JsonNode gap = tooOld.frames().get(0).json();
            assertThat(gap.get("customer_code").asString()).isEqualTo("1000001");
            assertThat(gap.get("last_event_id").asLong()).isEqualTo(1);
            assertThat(gap.get("first_available_id").asLong()).isEqualTo(4);
            assertThat(gap.get("latest_id").asLong()).isEqualTo(8);
            assertThat(unknown.frames().get(0).json().get("last_event_id").asLong()).isEqualTo(99);

            publish(EventType.HANGUP, "200", "201", "201");
            await().atMost(T).until(() -> "9".equals(upToDate.lastId()));
            assertThat(upToDate.frames()).extracting(Frame::id).containsExactly("9");
        }
    }

    @Test
    void anIdleStreamGetsAKeepaliveComment() {
        try (var idle = EventStreamClient.open(port, sw.token)) {
            await().atMost(T).until(() -> idle.comments().size() >= 2);
            assertThat(idle.comments()).allMatch(c -> c.equals("keepalive"));
            assertThat(idle.frames()).isEmpty();
        }
    }

    private void publish(EventType type, String caller, String callee, String channel) {
        sw.dialtone.events().publish(new ChannelEvent(type, "1.000001", "1.000001", System.currentTimeMillis() / 1000.0,
                "internal", "1000001", party(caller), party(callee), party(channel)));
    }

    private static PartyInfo party(String number) {
        return new PartyInfo("up", number, "N" + number, number, null, null, null, null, null, null);
    }

    private static JsonNode json(HttpResponse<Stream<String>> r) {
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        try (Stream<String> lines = r.body()) {
            return JSON.readTree(String.join("\n", lines.toList()));
        }
    }
}
