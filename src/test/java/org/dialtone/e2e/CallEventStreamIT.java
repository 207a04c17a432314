package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dialtone.core.event.ChannelEvent;
import org.dialtone.core.event.EventType;
import org.dialtone.core.event.PartyInfo;
import org.dialtone.e2e.StrictSseParser.Frame;
import org.dialtone.testing.BaresipPhone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A real call between two baresip phones (200 calls 201, 201 answers and hangs up), seen through the event stream:
 * every attribute of every event, isolation from another customer's stream, and resuming with Last-Event-ID.
 */
class CallEventStreamIT {
    private static final Duration T = Duration.ofSeconds(10);
    private static final List<String> PARTY_KEYS = List.of("state", "number", "name", "device", "channel_id",
            "answered_time", "dial_status", "connected_name", "connected_number", "connected_device");
    private static final List<String> EVENT_KEYS = List.of("unique_id", "linked_id", "event_time", "event",
            "direction", "customer_code", "caller", "callee", "channel");
    private SwitchFixture sw;

    @BeforeEach void start() { sw = new SwitchFixture(); }
    @AfterEach void stop() { sw.close(); }

    @Test
    void aCallShowsDialBeginDialEndBridgeAndTwoHangupsWithEveryAttributeOnlyToItsCustomer() {
        int port = sw.dialtone.httpPort();
        double before = System.currentTimeMillis() / 1000.0;
        try (var one = EventStreamClient.open(port, sw.token);
             var two = EventStreamClient.open(port, sw.token2, null, Map.of("Accept", "application/json"));
             var early = EventStreamClient.open(port, sw.token)) {
            await().atMost(T).until(() -> !one.retries().isEmpty() && !two.retries().isEmpty() && !early.retries().isEmpty());
            assertThat(one.retries()).containsExactly(3000);

            BaresipPhone alice = sw.registeredPhone("200", 440);
            BaresipPhone bob = sw.registeredPhone("201", 1000);
            alice.dial("201");
            await().atMost(T).until(() -> !early.events().isEmpty());
            early.close(); // disconnects after (at least) dial_begin
            String resumeAfter = early.lastId();
            bob.awaitEvent("CALL_ESTABLISHED", T);
            alice.awaitEvent("CALL_ESTABLISHED", T);
            bob.hangup();
            alice.awaitEvent("CALL_CLOSED", T);
            await().atMost(T).until(() -> one.events().size() >= 5);
            double after = System.currentTimeMillis() / 1000.0;

            List<Frame> events = one.events();
            assertThat(events).extracting(Frame::event).containsExactly(
                    "chan.dial_begin", "chan.dial_end", "chan.bridge", "chan.hangup", "chan.hangup");
            assertThat(events).extracting(Frame::id).containsExactly("1", "2", "3", "4", "5");
            assertCallEvents(events.stream().map(Frame::json).toList(), before, after);

            // another customer's token saw none of it: the next thing it gets is its own customer's event
            sw.dialtone.events().publish(marker("2000002"));
            await().atMost(T).until(() -> !two.events().isEmpty());
            assertThat(two.events()).singleElement().satisfies(f -> {
                assertThat(f.id()).isEqualTo("1");
                assertThat(f.json().path("customer_code").asString()).isEqualTo("2000002");
            });

            // resuming after a disconnect returns exactly the missed events, header or query parameter
            List<Frame> missed = events.subList(Integer.parseInt(resumeAfter), 5);
            try (var header = EventStreamClient.open(port, sw.token, null, Map.of("Last-Event-ID", resumeAfter));
                 var query = EventStreamClient.open(port, sw.token, "last_event_id=" + resumeAfter, Map.of())) {
                for (var resumed : List.of(header, query)) {
                    await().atMost(T).until(() -> resumed.events().size() >= missed.size());
                    assertThat(resumed.frames()).extracting(Frame::id, Frame::event, Frame::data)
                            .containsExactlyElementsOf(missed.stream().map(f -> org.assertj.core.groups.Tuple.tuple(
                                    f.id(), f.event(), f.data())).toList());
                }
                sw.dialtone.events().publish(marker("1000001"));
                for (var resumed : List.of(header, query, one)) {
                    await().atMost(T).until(() -> resumed.lastId().equals("6"));
                }
                assertThat(header.events()).hasSize(missed.size() + 1);
            }
        }
    }

    private void assertCallEvents(List<JsonNode> e, double before, double after) {
        for (JsonNode event : e) {
            assertThat(event.propertyNames()).containsExactlyElementsOf(EVENT_KEYS);
            for (String p : List.of("caller", "callee", "channel")) {
                assertThat(event.get(p).propertyNames()).as(p).containsExactlyElementsOf(PARTY_KEYS);
            }
            assertThat(event.get("event_time").isNumber()).isTrue();
            assertThat(event.get("event_time").asDouble()).isBetween(before, after);
            assertThat(event.get("direction").asString()).isEqualTo("internal");
            assertThat(event.get("customer_code").asString()).isEqualTo("1000001");
            assertThat(event.get("unique_id").asString()).matches("[0-9]{13}\\.[0-9]{6}");
        }
        JsonNode begin = e.get(0), end = e.get(1), bridge = e.get(2), calleeHangup = e.get(3), callerHangup = e.get(4);
        String linked = begin.get("linked_id").asString();
        String callerUid = linked; // the call's first channel is the caller's
        String calleeUid = begin.get("unique_id").asString();
        assertThat(calleeUid).isNotEqualTo(callerUid);
        String callerChan = begin.at("/caller/channel_id").asString();
        String calleeChan = begin.at("/callee/channel_id").asString();
        assertThat(callerChan).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(calleeChan).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
                .isNotEqualTo(callerChan);
        for (JsonNode event : e) assertThat(event.get("linked_id").asString()).isEqualTo(linked);

        assertThat(begin.get("event").asString()).isEqualTo("dial_begin");
        party(begin.get("caller"), "ringing", "200", "Alice", callerChan, false, null, null);
        party(begin.get("callee"), "down", "201", "Bob", calleeChan, false, null, null);
        assertThat(begin.get("channel")).isEqualTo(begin.get("callee"));

        assertThat(end.get("event").asString()).isEqualTo("dial_end");
        assertThat(end.get("unique_id").asString()).isEqualTo(calleeUid);
        party(end.get("caller"), "up", "200", "Alice", callerChan, true, "answer", "Bob/201/201");
        party(end.get("callee"), "up", "201", "Bob", calleeChan, true, "answer", "Alice/200/200");
        assertThat(end.get("channel")).isEqualTo(end.get("callee"));

        assertThat(bridge.get("event").asString()).isEqualTo("bridge");
        assertThat(bridge.get("unique_id").asString()).isEqualTo(callerUid);
        assertThat(bridge.get("channel")).isEqualTo(bridge.get("caller"));
        party(bridge.get("callee"), "up", "201", "Bob", calleeChan, true, "answer", "Alice/200/200");

        assertThat(calleeHangup.get("event").asString()).isEqualTo("hangup");
        assertThat(calleeHangup.get("unique_id").asString()).isEqualTo(calleeUid);
        party(calleeHangup.get("channel"), "hangup", "201", "Bob", calleeChan, true, "answer", "Alice/200/200");
        assertThat(calleeHangup.get("callee")).isEqualTo(calleeHangup.get("channel"));

        assertThat(callerHangup.get("event").asString()).isEqualTo("hangup");
        assertThat(callerHangup.get("unique_id").asString()).isEqualTo(callerUid);
        party(callerHangup.get("channel"), "hangup", "200", "Alice", callerChan, true, "answer", "Bob/201/201");
        assertThat(callerHangup.get("caller")).isEqualTo(callerHangup.get("channel"));
        party(callerHangup.get("callee"), "hangup", "201", "Bob", calleeChan, true, "answer", "Alice/200/200");
        assertThat(end.at("/callee/answered_time")).isEqualTo(callerHangup.at("/callee/answered_time"));
    }

    /** {@code connected} is "name/number/device" or null for all three null. */
    private static void party(JsonNode p, String state, String number, String name, String channelId,
                              boolean answered, String dialStatus, String connected) {
        assertThat(p.get("state").asString()).as("state").isEqualTo(state);
        assertThat(p.get("number").asString()).as("number").isEqualTo(number);
        assertThat(p.get("name").asString()).as("name").isEqualTo(name);
        assertThat(p.get("device").asString()).as("device").isEqualTo(number); // the SIP user of the phone
        assertThat(p.get("channel_id").asString()).as("channel_id").isEqualTo(channelId);
        if (answered) assertThat(p.get("answered_time").isNumber()).as("answered_time").isTrue();
        else assertThat(p.get("answered_time").isNull()).as("answered_time").isTrue();
        assertNullable(p.get("dial_status"), dialStatus, "dial_status");
        String[] c = connected == null ? new String[3] : connected.split("/");
        assertNullable(p.get("connected_name"), c[0], "connected_name");
        assertNullable(p.get("connected_number"), c[1], "connected_number");
        assertNullable(p.get("connected_device"), c[2], "connected_device");
    }

    private static void assertNullable(JsonNode node, String expected, String what) {
        if (expected == null) assertThat(node.isNull()).as(what + " is null, was " + node).isTrue();
        else assertThat(node.asString()).as(what).isEqualTo(expected);
    }

    static ChannelEvent marker(String customer) {
        PartyInfo p = new PartyInfo("down", "999", "Marker", null, null, null, null, null, null, null);
        return new ChannelEvent(EventType.DIAL_BEGIN, "1.000001", "1.000001", System.currentTimeMillis() / 1000.0,
                "internal", customer, p, p, p);
    }
}
