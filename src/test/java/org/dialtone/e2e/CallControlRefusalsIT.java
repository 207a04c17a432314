package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dialtone.core.event.EventType;
import org.dialtone.testing.AudioAnalysis;
import org.dialtone.testing.BaresipPhone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The call-control actions' refusals and unhappy outcomes over HTTP with real phones: what a customer's program gets
 * back (status and machine code), and that a refused action never harms the call it named.
 */
class CallControlRefusalsIT {
    private static final Duration T = Duration.ofSeconds(10);
    private SwitchFixture sw;
    private EventLog events;
    private ActionClient api;

    @BeforeEach
    void start() {
        sw = SwitchFixture.withRingTimeout(3);
        events = sw.events;
        api = new ActionClient(sw.dialtone.httpPort(), sw.token);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            sw.awaitNoLeak();
        } finally {
            sw.close();
        }
    }

    private CompletableFuture<ActionClient.Reply> postAsync(String action, String json) {
        return CompletableFuture.supplyAsync(() -> api.post(action, json));
    }

    @Test
    void syncOriginateReportsBusyNoAnswerAndUnavailable() throws Exception {
        BaresipPhone reception = sw.registeredPhone(sw.spec("226", 1500).manualAnswer());
        sw.registeredPhone("201", 1000);

        var busy = postAsync("originate", "{\"number\":\"201\",\"extension_number\":\"226\",\"sync\":true}");
        reception.awaitEvent("CALL_INCOMING", T);
        reception.hangup(); // rejects with 486
        var reply = busy.get(15, TimeUnit.SECONDS);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(409);
        assertThat(reply.error()).isEqualTo("busy");
        reception.clearEvents();

        var unanswered = postAsync("originate", "{\"number\":\"201\",\"extension_number\":\"226\",\"sync\":\"true\"}");
        reception.awaitEvent("CALL_INCOMING", T);
        reply = unanswered.get(15, TimeUnit.SECONDS);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(409);
        assertThat(reply.error()).isEqualTo("no_answer");
        reception.awaitEvent("CALL_CLOSED", T); // the phone stops ringing
        assertThat(events.all()).filteredOn(e -> e.type() == EventType.DIAL_END)
                .extracting(e -> e.channel().dialStatus()).containsExactly("busy", "no answer");

        int before = events.all().size();
        reply = api.post("originate", "{\"number\":\"201\",\"extension_number\":\"202\",\"sync\":true}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(409);
        assertThat(reply.error()).isEqualTo("extension_unavailable");
        assertThat(events.all()).as("nothing rang").hasSize(before);
    }

    @Test
    void transferOfARingingChannelIsInvalidStateAndForeignTokensSeeNothing() {
        BaresipPhone alice = sw.registeredPhone("200", 440);
        BaresipPhone bob = sw.registeredPhone(sw.spec("201", 1000).manualAnswer());
        alice.dial("201");
        bob.awaitEvent("CALL_INCOMING", T);
        String bobChannel = events.channelIdOf("201", T);

        var ringing = api.transfer(bobChannel, "202");
        assertThat(ringing.status()).as(ringing.toString()).isEqualTo(409);
        assertThat(ringing.error()).isEqualTo("invalid_state");

        bob.accept();
        alice.awaitEvent("CALL_ESTABLISHED", T);
        ActionClient other = new ActionClient(sw.dialtone.httpPort(), sw.token2);
        var foreign = other.transfer(bobChannel, "200");
        var unknown = other.post("blind-transfer",
                "{\"channel_id\":\"0b5d7c1e-0000-4000-8000-000000000000\",\"to_number\":\"200\"}");
        assertThat(foreign.status()).as(foreign.toString()).isEqualTo(404);
        assertThat(foreign.error()).isEqualTo("not_found");
        assertThat(foreign.body().path("field").asString()).isEqualTo(unknown.body().path("field").asString());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(alice.queuedEvents("CALL_CLOSED")).as("the call is untouched").isEmpty();
        alice.hangup();
        bob.awaitEvent("CALL_CLOSED", T);
    }

    @Test
    void parkingIntoAnOccupiedSpotKeepsTheCallerTalking() throws Exception {
        BaresipPhone alice = sw.registeredPhone("200", 440);
        BaresipPhone bob = sw.registeredPhone("201", 1000);
        BaresipPhone carol = sw.registeredPhone("202", 2000);
        BaresipPhone reception = sw.registeredPhone("226", 1500);

        alice.dial("201");
        bob.awaitEvent("CALL_ESTABLISHED", T);
        String aliceChannel = events.await(EventType.BRIDGE, e -> "200".equals(e.caller().number()), T)
                .caller().channelId();
        assertThat(api.park(aliceChannel, "701").status())
                .isEqualTo(200);
        bob.awaitEvent("CALL_CLOSED", T);

        carol.dial("226");
        reception.awaitEvent("CALL_ESTABLISHED", T);
        String carolChannel = events.await(EventType.BRIDGE, e -> "202".equals(e.caller().number()), T)
                .caller().channelId();
        carol.awaitReceivedAudio(1.0, T);
        var occupied = api.park(carolChannel, "701");
        assertThat(occupied.status()).as(occupied.toString()).isEqualTo(409);
        assertThat(occupied.error()).isEqualTo("spot_occupied");
        double refusedAt = (Files.size(carol.newestRecording()) - 44) / 16000.0;
        carol.awaitReceivedAudio(refusedAt + 2.0, T);
        assertThat(carol.queuedEvents("CALL_CLOSED")).as("never dropped").isEmpty();
        assertThat(reception.queuedEvents("CALL_CLOSED")).as("the other party kept").isEmpty();
        carol.hangup();
        reception.awaitEvent("CALL_CLOSED", T);
        Path heard = carol.awaitFinishedRecording(refusedAt + 2.0, T);
        assertThat(AudioAnalysis.peakFrequency(heard, refusedAt + 0.5, 1.0))
                .as("still hears reception: " + AudioAnalysis.describe(heard, refusedAt + 0.5, 1.0))
                .isCloseTo(1500, offset(15.0));

        alice.hangup();
        events.await(EventType.HANGUP, e -> aliceChannel.equals(e.channel().channelId()), T);
    }

    @Test
    void parkedCallerHangingUpCancelsTheRingingUnpark() {
        BaresipPhone alice = sw.registeredPhone("200", 440);
        BaresipPhone bob = sw.registeredPhone("201", 1000);
        BaresipPhone carol = sw.registeredPhone(sw.spec("202", 2000).manualAnswer());
        alice.dial("201");
        bob.awaitEvent("CALL_ESTABLISHED", T);
        String aliceChannel = events.await(EventType.BRIDGE, e -> true, T).caller().channelId();
        assertThat(api.park(aliceChannel, "702").status())
                .isEqualTo(200);
        bob.awaitEvent("CALL_CLOSED", T);

        var unparked = api.post("unpark", "{\"parking_spot\":\"702\",\"extension_number\":\"202\"}");
        assertThat(unparked.status()).as(unparked.toString()).isEqualTo(200);
        carol.awaitEvent("CALL_INCOMING", T);
        alice.hangup();
        carol.awaitEvent("CALL_CLOSED", T);
        var dialEnd = events.await(EventType.DIAL_END, e -> "202".equals(e.channel().number()), T);
        assertThat(dialEnd.channel().dialStatus()).isEqualTo("cancel");
        var empty = api.post("unpark", "{\"parking_spot\":\"702\",\"extension_number\":\"202\"}");
        assertThat(empty.status()).isEqualTo(404);
        assertThat(empty.error()).isEqualTo("not_found");
    }
}
