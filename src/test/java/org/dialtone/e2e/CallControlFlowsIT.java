package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.dialtone.core.event.EventType;
import org.dialtone.testing.AudioAnalysis;
import org.dialtone.testing.BaresipPhone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The user stories of the call-control API on live, audible calls, driven over HTTP as a customer's program would:
 * originate (async and sync), blind transfer, park, unpark, retrieval by dialling the spot, and the park timeout
 * ringing the parker back. Each phone sends its own tone, so what a phone recorded shows whom it was talking to.
 */
class CallControlFlowsIT {
    private static final Duration T = Duration.ofSeconds(10);
    private SwitchFixture sw;
    private EventLog events;

    @AfterEach
    void stop() throws Exception {
        if (sw != null) sw.close();
    }

    private ActionClient start(Map<String, String> env) {
        sw = new SwitchFixture(env);
        events = sw.events;
        return new ActionClient(sw.dialtone.httpPort(), sw.token);
    }

    @Test
    void originateRingsTheExtensionThenTheNumberAndTransferMovesTheCallee() throws Exception {
        ActionClient api = start(Map.of());
        BaresipPhone reception = sw.registeredPhone("226", 440);
        BaresipPhone bob = sw.registeredPhone("201", 1000);
        BaresipPhone carol = sw.registeredPhone("202", 2000);

        // sync: the answer comes once the extension's phone picked up
        var originated = api.post("originate", "{\"number\":\"201\",\"extension_number\":\"226\",\"sync\":true}");
        assertThat(originated.status()).as(originated.toString()).isEqualTo(200);
        assertThat(originated.body().path("msg").asString()).isEqualTo("Command Sent Successfully");
        String linkedId = originated.data("linked_id");
        assertThat(linkedId).matches("\\d+\\.\\d{6}");
        assertThat(originated.data("channel_id")).isEqualTo(events.channelIdOf("226", T));
        var atReception = reception.awaitEvent("CALL_ESTABLISHED", T);
        assertThat(atReception.path("peeruri").asText()).contains("201"); // the phone shows the callee
        var atBob = bob.awaitEvent("CALL_ESTABLISHED", T);
        assertThat(atBob.path("peeruri").asText()).contains("226");
        bob.awaitReceivedAudio(1.5, T);
        double beforeTransfer = secondsRecorded(bob);

        String bobChannel = events.channelIdOf("201", T);
        var moved = api.transfer(bobChannel, "202");
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(moved.data("channel_id")).isEqualTo(bobChannel);
        assertThat(moved.data("linked_id")).isEqualTo(linkedId);
        reception.awaitEvent("CALL_CLOSED", T); // the transferring party is released
        assertThat(carol.awaitEvent("CALL_ESTABLISHED", T).path("peeruri").asText()).contains("201");
        bob.awaitReceivedAudio(beforeTransfer + 2.0, T);
        bob.hangup();
        carol.awaitEvent("CALL_CLOSED", T);

        Path bobHeard = bob.awaitFinishedRecording(beforeTransfer + 2.0, T);
        assertTone(bobHeard, beforeTransfer - 1.0, 440);  // talking to reception
        assertTone(bobHeard, AudioAnalysis.durationSeconds(bobHeard) - 1.0, 2000); // then to carol
        Path carolHeard = carol.awaitFinishedRecording(1.0, T);
        assertTone(carolHeard, AudioAnalysis.durationSeconds(carolHeard) - 1.0, 1000);
        Path receptionHeard = reception.awaitFinishedRecording(1.0, T);
        assertTone(receptionHeard, AudioAnalysis.durationSeconds(receptionHeard) - 1.0, 1000);
        var transfer = events.await(EventType.BLIND_TRANSFER, e -> true, T);
        assertThat(transfer.channel().channelId()).isEqualTo(bobChannel);
        assertThat(transfer.linkedId()).isEqualTo(linkedId);
        assertNothingLeft();
    }

    @Test
    void transferToAPhoneThatRejectsRingsTheCustomersFallbackInstead() throws Exception {
        sw = SwitchFixture.withTransferFallback("200");
        events = sw.events;
        ActionClient api = new ActionClient(sw.dialtone.httpPort(), sw.token);
        BaresipPhone reception = sw.registeredPhone("226", 440);
        BaresipPhone bob = sw.registeredPhone("201", 1000);
        BaresipPhone carol = sw.registeredPhone(sw.spec("202", 2000).manualAnswer());
        BaresipPhone fallback = sw.registeredPhone("200", 1500);
        reception.dial("201");
        bob.awaitEvent("CALL_ESTABLISHED", T);
        String bobChannel = events.channelIdOf("201", T);
        bob.awaitReceivedAudio(1.5, T);
        double beforeTransfer = secondsRecorded(bob);

        var moved = api.transfer(bobChannel, "202");
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        reception.awaitEvent("CALL_CLOSED", T);
        carol.awaitEvent("CALL_INCOMING", T);
        carol.hangup(); // rejects with 486
        var rejected = events.await(EventType.DIAL_END, e -> "202".equals(e.channel().number()), T);
        assertThat(rejected.channel().dialStatus()).as("486 Busy Here").isEqualTo("busy");

        assertThat(fallback.awaitEvent("CALL_ESTABLISHED", T).path("peeruri").asText()).contains("201");
        var rung = events.await(EventType.DIAL_BEGIN, e -> "200".equals(e.channel().number()), T);
        assertThat(rung.caller().channelId()).isEqualTo(bobChannel);
        assertThat(rung.linkedId()).isEqualTo(moved.data("linked_id"));
        double bridgedAt = secondsRecorded(bob);
        bob.awaitReceivedAudio(bridgedAt + 2.0, T);
        bob.hangup();
        fallback.awaitEvent("CALL_CLOSED", T);

        Path bobHeard = bob.awaitFinishedRecording(bridgedAt + 1.0, T);
        assertTone(bobHeard, beforeTransfer - 1.0, 440); // talking to reception
        assertTone(bobHeard, AudioAnalysis.durationSeconds(bobHeard) - 1.0, 1500); // then to the fallback
        Path fallbackHeard = fallback.awaitFinishedRecording(1.0, T);
        assertTone(fallbackHeard, AudioAnalysis.durationSeconds(fallbackHeard) - 1.0, 1000);
        events.await(EventType.DIAL_END, e -> "200".equals(e.channel().number()) && "answer".equals(e.channel().dialStatus()), T);
        assertNothingLeft();
    }

    @Test
    void parkedCallerHearsMusicAndIsUnparkedToAnotherExtension() throws Exception {
        ActionClient api = start(Map.of());
        BaresipPhone reception = sw.registeredPhone("226", 440);
        BaresipPhone bob = sw.registeredPhone("201", 1000);
        BaresipPhone carol = sw.registeredPhone("202", 2000);
        bob.dial("226");
        reception.awaitEvent("CALL_ESTABLISHED", T);
        bob.awaitReceivedAudio(1.0, T);
        String bobChannel = events.await(EventType.BRIDGE, e -> true, T).caller().channelId();

        var parked = api.park(bobChannel, "703");
        assertThat(parked.status()).as(parked.toString()).isEqualTo(200);
        assertThat(parked.data("parking_spot")).isEqualTo("703");
        assertThat(parked.data("channel_id")).isEqualTo(bobChannel);
        assertThat(parked.body().path("data").path("timeout_at").isNumber()).as(parked.toString()).isTrue();
        reception.awaitEvent("CALL_CLOSED", T);
        double parkedAt = secondsRecorded(bob);
        var empty = api.post("unpark", "{\"parking_spot\":\"705\",\"extension_number\":\"202\"}");
        assertThat(empty.status()).isEqualTo(404);
        assertThat(empty.error()).isEqualTo("not_found");
        var outside = api.park(bobChannel, "711");
        assertThat(outside.status()).isEqualTo(400);
        assertThat(outside.body().path("field").asString()).isEqualTo("parking_spot");
        bob.awaitReceivedAudio(parkedAt + 2.0, T);

        var unparked = api.post("unpark", "{\"parking_spot\":703,\"extension_number\":202}");
        assertThat(unparked.status()).as(unparked.toString()).isEqualTo(200);
        assertThat(unparked.data("linked_id")).isEqualTo(parked.data("linked_id"));
        assertThat(carol.awaitEvent("CALL_ESTABLISHED", T).path("peeruri").asText()).contains("201");
        double unparkedAt = secondsRecorded(bob);
        bob.awaitReceivedAudio(unparkedAt + 1.5, T);
        carol.hangup();
        bob.awaitEvent("CALL_CLOSED", T);

        Path bobHeard = bob.awaitFinishedRecording(unparkedAt + 1.0, T);
        double music = AudioAnalysis.rms(bobHeard, parkedAt + 0.5, 1.0);
        assertThat(music).as("music on hold, not silence: " + AudioAnalysis.describe(bobHeard, parkedAt + 0.5, 1.0))
                .isGreaterThan(0.02);
        assertThat(AudioAnalysis.toneAmplitude(bobHeard, parkedAt + 0.5, 1.0, 440))
                .as("the parker is gone").isLessThan(0.05);
        assertTone(bobHeard, AudioAnalysis.durationSeconds(bobHeard) - 1.0, 2000);
        events.await(EventType.PARK, e -> bobChannel.equals(e.channel().channelId()), T);
        events.await(EventType.UNPARK, e -> bobChannel.equals(e.channel().channelId()), T);
        assertNothingLeft();
    }

    @Test
    void dialingTheSpotFromAPhoneRetrievesTheParkedCall() throws Exception {
        ActionClient api = start(Map.of());
        BaresipPhone reception = sw.registeredPhone("226", 440);
        BaresipPhone bob = sw.registeredPhone("201", 1000);
        BaresipPhone carol = sw.registeredPhone("202", 2000);
        reception.dial("201");
        bob.awaitEvent("CALL_ESTABLISHED", T);
        String bobChannel = events.channelIdOf("201", T);
        assertThat(api.park(bobChannel, "701").status())
                .isEqualTo(200);
        reception.awaitEvent("CALL_CLOSED", T);

        carol.dial("701");
        carol.awaitEvent("CALL_ESTABLISHED", T);
        carol.awaitReceivedAudio(1.5, T);
        carol.hangup();
        bob.awaitEvent("CALL_CLOSED", T);
        Path carolHeard = carol.awaitFinishedRecording(1.0, T);
        assertTone(carolHeard, AudioAnalysis.durationSeconds(carolHeard) - 1.0, 1000);
        var unpark = events.await(EventType.UNPARK, e -> true, T);
        assertThat(unpark.callee().number()).isEqualTo("202");
        assertNothingLeft();
    }

    @Test
    void aParkedCallThatTimesOutRingsTheParkerBack() throws Exception {
        ActionClient api = start(Map.of("DIALTONE_PARKING_TIMEOUT_SECONDS", "2"));
        BaresipPhone reception = sw.registeredPhone("226", 440);
        BaresipPhone bob = sw.registeredPhone("201", 1000);
        bob.dial("226");
        reception.awaitEvent("CALL_ESTABLISHED", T);
        String bobChannel = events.await(EventType.BRIDGE, e -> true, T).caller().channelId();
        reception.clearEvents();
        assertThat(api.park(bobChannel, "702").status())
                .isEqualTo(200);
        reception.awaitEvent("CALL_CLOSED", T);

        var ringBack = reception.awaitEvent("CALL_ESTABLISHED", T);
        assertThat(ringBack.path("peeruri").asText()).contains("201");
        events.await(EventType.PARK_TIMEOUT, e -> bobChannel.equals(e.channel().channelId()), T);
        reception.awaitReceivedAudio(1.5, T);
        reception.hangup();
        bob.awaitEvent("CALL_CLOSED", T);
        assertNothingLeft();
    }

    private static double secondsRecorded(BaresipPhone phone) throws IOException {
        return (Files.size(phone.newestRecording()) - 44) / 16000.0;
    }

    private static void assertTone(Path wav, double start, double hz) {
        assertThat(AudioAnalysis.peakFrequency(wav, start, 0.8)).as(AudioAnalysis.describe(wav, start, 0.8))
                .isCloseTo(hz, offset(15.0));
    }

    private void assertNothingLeft() {
        await().atMost(T).until(() -> sw.dialtone.calls().activeChannels() == 0);
        await().atMost(T).until(() -> sw.dialtone.sip().openDialogs() == 0);
        await().atMost(T).until(() -> sw.dialtone.media().activeEndpoints() == 0);
    }
}
