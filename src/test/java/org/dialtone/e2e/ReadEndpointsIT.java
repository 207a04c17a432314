package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dialtone.testing.BaresipPhone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The read endpoints on a switch with real phones, as a console that (re)connects reads them: a live call in
 * {@code /channels} with its parties and states (and nowhere for another customer), the call parked in
 * {@code /parking}, the phones' status in {@code /extensions}, and the calls afterwards in {@code /calls} as JSON,
 * CSV and page by page. One switch and two phones for everything, to keep it fast.
 */
class ReadEndpointsIT {
    private static final Duration T = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private SwitchFixture sw;

    @AfterEach
    void stop() {
        if (sw != null) sw.close();
    }

    @Test
    void aLiveCallIsReadFromChannelsParkingAndExtensionsThenFromTheHistory() {
        sw = new SwitchFixture();
        ActionClient api = new ActionClient(sw.dialtone.httpPort(), sw.token);
        BaresipPhone reception = sw.registeredPhone(sw.spec("226", 440).manualAnswer());
        BaresipPhone bob = sw.registeredPhone("201", 1000);

        // before any call: registered phones idle with their device, an unregistered extension offline
        JsonNode extensions = get("/v1.0/extensions", sw.token).json();
        assertThat(extensions.path("extensions").valueStream().map(e -> e.path("number").asString()).toList())
                .containsExactly("200", "201", "202", "226");
        JsonNode desk = extension(extensions, "226");
        assertThat(desk.path("name").asString()).isEqualTo("Reception");
        assertThat(desk.path("status").asString()).isEqualTo("idle");
        assertThat(desk.path("devices")).hasSize(1);
        assertThat(desk.path("devices").get(0).path("user_agent").asString()).containsIgnoringCase("baresip");
        assertThat(desk.path("devices").get(0).path("address").asString())
                .isEqualTo("udp:127.0.0.1:" + reception.sipPort());
        assertThat(desk.path("devices").get(0).path("expires_time").asDouble())
                .isGreaterThan(System.currentTimeMillis() / 1000.0);
        assertThat(extension(extensions, "202").path("status").asString()).isEqualTo("offline");
        assertThat(extension(extensions, "202").path("devices")).isEmpty();
        assertThat(get("/v1.0/extensions/202", sw.token).json().path("status").asString()).isEqualTo("offline");
        assertThat(get("/v1.0/extensions/999", sw.token).status()).isEqualTo(404);
        assertThat(get("/v1.0/extensions/226", sw.token2).status()).as("another customer's").isEqualTo(404);
        assertThat(get("/v1.0/extensions", sw.token2).json().path("extensions").valueStream()
                .map(e -> e.path("number").asString()).toList()).containsExactly("200", "210");

        // ringing: the desk phone rings, the caller is in a call
        bob.dial("226");
        reception.awaitEvent("CALL_INCOMING", T);
        await().atMost(T).untilAsserted(() -> {
            JsonNode now = get("/v1.0/extensions", sw.token).json();
            assertThat(extension(now, "226").path("status").asString()).isEqualTo("ringing");
            assertThat(extension(now, "201").path("status").asString()).isEqualTo("on_call");
        });
        JsonNode ringing = get("/v1.0/channels", sw.token).json().path("channels");
        assertThat(ringing).hasSize(2);
        assertThat(ringing.get(0).path("channel").path("number").asString()).as("oldest first").isEqualTo("201");
        assertThat(ringing.get(1).path("channel").path("state").asString()).isEqualTo("ringing");
        assertThat(ringing.get(1).path("caller").path("number").asString()).isEqualTo("201");

        // talking: two channels with the same caller and callee, bridged with each other
        reception.accept();
        reception.awaitEvent("CALL_ESTABLISHED", T);
        bob.awaitEvent("CALL_ESTABLISHED", T);
        JsonNode channels = await().atMost(T).until(() -> get("/v1.0/channels", sw.token).json().path("channels"),
                c -> c.size() == 2 && c.valueStream().allMatch(x -> x.path("bridged_with").isString()));
        JsonNode bobs = channels.get(0);
        JsonNode desks = channels.get(1);
        String bobChannel = bobs.path("channel").path("channel_id").asString();
        String deskChannel = desks.path("channel").path("channel_id").asString();
        for (JsonNode c : channels) {
            assertThat(c.path("customer_code").asString()).isEqualTo("1000001");
            assertThat(c.path("direction").asString()).isEqualTo("internal");
            assertThat(c.path("linked_id").asString()).isEqualTo(bobs.path("unique_id").asString());
            assertThat(c.path("caller").path("number").asString()).isEqualTo("201");
            assertThat(c.path("caller").path("name").asString()).isEqualTo("Bob");
            assertThat(c.path("callee").path("number").asString()).isEqualTo("226");
            assertThat(c.path("caller").path("state").asString()).isEqualTo("up");
            assertThat(c.path("callee").path("state").asString()).isEqualTo("up");
            assertThat(c.path("callee").path("dial_status").asString()).isEqualTo("answer");
            assertThat(c.path("on_hold").asBoolean()).isFalse();
            assertThat(c.path("parked_at").isNull()).isTrue();
            assertThat(c.path("created_time").isNumber()).isTrue();
            assertThat(c.has("event")).isFalse();
        }
        assertThat(bobs.path("channel")).isEqualTo(bobs.path("caller"));
        assertThat(desks.path("channel")).isEqualTo(desks.path("callee"));
        assertThat(bobs.path("bridged_with").asString()).isEqualTo(deskChannel);
        assertThat(desks.path("bridged_with").asString()).isEqualTo(bobChannel);
        assertThat(bobs.path("caller").path("connected_number").asString()).isEqualTo("226");
        assertThat(get("/v1.0/channels/" + deskChannel, sw.token).json()).isEqualTo(desks);
        assertThat(get("/v1.0/channels?extension=226", sw.token).json().path("channels")).hasSize(2);
        assertThat(get("/v1.0/channels?extension=202", sw.token).json().path("channels")).isEmpty();
        assertThat(get("/v1.0/channels?extension=abc", sw.token).json().path("field").asString()).isEqualTo("extension");
        Reply foreign = get("/v1.0/channels/" + deskChannel, sw.token2);
        assertThat(foreign.status()).as("another customer's channel").isEqualTo(404);
        assertThat(foreign.json().path("error").asString()).isEqualTo("not_found");
        assertThat(get("/v1.0/channels", sw.token2).json().path("channels")).isEmpty();
        assertThat(get("/v1.0/channels", "not-a-token").status()).isEqualTo(401);
        JsonNode inCall = get("/v1.0/extensions", sw.token).json();
        assertThat(extension(inCall, "226").path("status").asString()).isEqualTo("on_call");

        // parked: the spot shows the caller, who parked it, and when it rings back
        double beforePark = System.currentTimeMillis() / 1000.0;
        assertThat(api.park(bobChannel, "703").status()).isEqualTo(200);
        reception.awaitEvent("CALL_CLOSED", T);
        JsonNode spots = await().atMost(T).until(() -> get("/v1.0/parking", sw.token).json().path("spots"),
                s -> s.size() == 10 && s.get(2).path("occupied").asBoolean());
        assertThat(spots.valueStream().map(s -> s.path("spot").asString()).toList())
                .containsExactly("701", "702", "703", "704", "705", "706", "707", "708", "709", "710");
        JsonNode spot = spots.get(2);
        assertThat(spot.path("channel_id").asString()).isEqualTo(bobChannel);
        assertThat(spot.path("linked_id").asString()).isEqualTo(bobs.path("linked_id").asString());
        assertThat(spot.path("caller").path("number").asString()).isEqualTo("201");
        assertThat(spot.path("caller").path("name").asString()).isEqualTo("Bob");
        assertThat(spot.path("parked_by").path("number").asString()).isEqualTo("226");
        assertThat(spot.path("parked_by").path("name").asString()).isEqualTo("Reception");
        assertThat(spot.path("parked_time").asDouble()).isBetween(beforePark - 1, beforePark + 5);
        assertThat(spot.path("timeout_time").asDouble() - spot.path("parked_time").asDouble())
                .as("the default park timeout").isCloseTo(45.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(spots.get(0).path("occupied").asBoolean()).isFalse();
        assertThat(spots.get(0).has("caller")).isFalse();
        assertThat(get("/v1.0/parking", sw.token2).json().path("spots").valueStream()
                .noneMatch(s -> s.path("occupied").asBoolean())).as("another customer's lot").isTrue();
        JsonNode parked = get("/v1.0/channels/" + bobChannel, sw.token).json();
        assertThat(parked.path("parked_at").asString()).isEqualTo("703");
        assertThat(parked.path("on_hold").asBoolean()).isTrue();
        assertThat(parked.path("bridged_with").isNull()).isTrue();
        assertThat(extension(get("/v1.0/extensions", sw.token).json(), "226").path("status").asString())
                .isEqualTo("idle");
        bob.hangup();
        bob.awaitEvent("CALL_CLOSED", T);
        await().atMost(T).until(() -> get("/v1.0/channels", sw.token).json().path("channels").isEmpty());

        // two more calls: to an extension with no phone, and to a number that leads nowhere
        bob.clearEvents();
        bob.dial("202");
        bob.awaitEvent("CALL_CLOSED", T);
        bob.dial("299");
        bob.awaitEvent("CALL_CLOSED", T);
        sw.awaitNoLeak();

        // the history: newest first, page by page, as CSV
        List<JsonNode> all = await().atMost(T).until(() -> walk(null),
                calls -> calls.size() == 3 && calls.stream().noneMatch(c -> c.path("status").asString().equals("in progress")));
        assertThat(all.stream().map(c -> c.path("callee_number").asString()).toList())
                .containsExactly("299", "202", "226");
        JsonNode answered = all.get(2);
        assertThat(answered.path("linked_id").asString()).isEqualTo(bobs.path("linked_id").asString());
        assertThat(answered.path("caller_number").asString()).isEqualTo("201");
        assertThat(answered.path("caller_name").asString()).isEqualTo("Bob");
        assertThat(answered.path("callee_name").asString()).isEqualTo("Reception");
        assertThat(answered.path("status").asString()).isEqualTo("answered");
        assertThat(answered.path("direction").asString()).isEqualTo("internal");
        assertThat(answered.path("end_time").asDouble()).isGreaterThan(answered.path("answer_time").asDouble());
        assertThat(answered.path("duration").asLong()).isGreaterThanOrEqualTo(answered.path("talk_duration").asLong());
        JsonNode firstPage = get("/v1.0/calls", sw.token).json();
        assertThat(firstPage.path("calls").get(0)).as("the last call first").isEqualTo(all.get(0));
        assertThat(firstPage.path("next_cursor").isNull()).isTrue();
        assertThat(walk("&extension=226").stream().map(c -> c.path("callee_number").asString()).toList())
                .containsExactly("226");

        Reply csv = get("/v1.0/calls", sw.token, "text/csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.getFirst()).startsWith("unique_id,linked_id,customer_code,direction,caller_number");
        assertThat(lines).hasSize(4);
        assertThat(lines.get(3)).startsWith(answered.path("unique_id").asString() + ",")
                .contains(",201,Bob,226,Reception,").contains(",answered,");
        Reply csvPage = get("/v1.0/calls?limit=1", sw.token, "text/csv");
        assertThat(csvPage.body().lines()).hasSize(2);
        assertThat(csvPage.nextCursor()).isPresent();

        Reply tampered = get("/v1.0/calls?limit=1&cursor=" + csvPage.nextCursor().orElseThrow() + "x", sw.token);
        assertThat(tampered.status()).isEqualTo(400);
        assertThat(tampered.json().path("error").asString()).isEqualTo("invalid_field");
        assertThat(tampered.json().path("field").asString()).isEqualTo("cursor");
        assertThat(get("/v1.0/calls?limit=0", sw.token).json().path("field").asString()).isEqualTo("limit");
        assertThat(get("/v1.0/calls?direction=up", sw.token).json().path("field").asString()).isEqualTo("direction");
        assertThat(get("/v1.0/calls", sw.token2).json().path("calls")).as("another customer's").isEmpty();
    }

    /** Every call, page by page with {@code limit=1}, checking that none repeats. */
    private List<JsonNode> walk(String filter) {
        List<JsonNode> calls = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 20; page++) {
            JsonNode body = get("/v1.0/calls?limit=1" + (filter == null ? "" : filter)
                    + (cursor == null ? "" : "&cursor=" + cursor), sw.token).json();
            calls.addAll(body.path("calls").valueStream().toList());
            if (body.path("next_cursor").isNull()) break;
            cursor = body.path("next_cursor").asString();
        }
        assertThat(calls.stream().map(c -> c.path("linked_id").asString())).doesNotHaveDuplicates();
        return calls;
    }

    private static JsonNode extension(JsonNode extensions, String number) {
        return extensions.path("extensions").valueStream().filter(e -> e.path("number").asString().equals(number))
                .findFirst().orElseThrow(() -> new AssertionError("no extension " + number + " in " + extensions));
    }

    record Reply(int status, String body, String contentType, Optional<String> nextCursor) {
        JsonNode json() { return JSON.readTree(body); }
    }

    private Reply get(String path, String token) { return get(path, token, "application/json"); }

    private Reply get(String path, String token, String accept) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sw.dialtone.httpPort() + path))
                .header("Authorization", "Bearer " + token).header("Accept", accept)
                .timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""),
                    r.headers().firstValue("X-Next-Cursor"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
