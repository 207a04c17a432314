package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dialtone.core.control.CallControl;
import org.dialtone.core.control.CallControlException;
import org.dialtone.core.event.EventType;
import org.dialtone.testing.AudioAnalysis;
import org.dialtone.testing.BaresipPhone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The call-control flows on live, audible calls: originate, blind transfer, park, unpark, retrieval by dialling the
 * spot and the park timeout ringing the parker back. Each phone sends its own tone, so what a phone recorded shows
 * whom it was talking to.
 */
class CallControlFlowsTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final String CUSTOMER = "1000001";
    private SwitchFixture sw;
    private EventRecorder events;

    @AfterEach
    void stop() throws Exception {
        if (events != null) events.close();
        if (sw != null) sw.close();
    }

    private CallControl start(Map<String, String> env) {
        sw = new SwitchFixture(env);
        events = new EventRecorder(sw.dialtone.events());
        return sw.dialtone.calls();
    }

    @Test
    void originateRingsTheExtensionThenTheNumberAndTransferMovesTheCallee() throws Exception {
        CallControl api = start(Map.of());
        BaresipPhone reception = sw.registeredPhone("226", 440);
        BaresipPhone bob = sw.registeredPhone("201", 1000);
        BaresipPhone carol = sw.registeredPhone("202", 2000);

        CallControl.Originated originated = api.originate(CUSTOMER, "226", "201");
        assertThat(originated.linkedId()).matches("\\d+\\.\\d{6}");
        var atReception = reception.awaitEvent("CALL_ESTABLISHED", T);
        assertThat(atReception.path("peeruri").asText()).contains("201"); // the phone shows the callee
        assertThat(originated.answered().toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isEqualTo(CallControl.Outcome.ANSWERED);
        var atBob = bob.awaitEvent("CALL_ESTABLISHED", T);
        assertThat(atBob.path("peeruri").asText()).contains("226");
        bob.awaitReceivedAudio(1.5, T);
        double beforeTransfer = secondsRecorded(bob);

        String bobChannel = events.channelIdOf("201", T);
        CallControl.Transferred moved = api.blindTransfer(CUSTOMER, bobChannel, "202");
        assertThat(moved.channelId()).isEqualTo(bobChannel);
        assertThat(moved.linkedId()).isEqualTo(originated.linkedId());
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
        assertThat(transfer.linkedId()).isEqualTo(originated.linkedId());
        assertNothingLeft();
    }

    @Test
    void parkedCallerHearsMusicAndIsUnparkedToAnotherExtension() throws Exception {
        CallControl api = start(Map.of());
        BaresipPhone reception = sw.registeredPhone("226", 440);
        BaresipPhone bob = sw.registeredPhone("201", 1000);
        BaresipPhone carol = sw.registeredPhone("202", 2000);
        bob.dial("226");
        reception.awaitEvent("CALL_ESTABLISHED", T);
        bob.awaitReceivedAudio(1.0, T);
        String bobChannel = events.await(EventType.BRIDGE, e -> true, T).caller().channelId();

        CallControl.Parked parked = api.park(CUSTOMER, bobChannel, "703");
        assertThat(parked.parkingSpot()).isEqualTo("703");
        assertThat(parked.channelId()).isEqualTo(bobChannel);
        assertThat(parked.timeoutAt()).isNotNull();
        reception.awaitEvent("CALL_CLOSED", T);
        double parkedAt = secondsRecorded(bob);
        assertThat(api.park(CUSTOMER, bobChannel, "703").channelId()).as("parking again where it is").isEqualTo(bobChannel);
        assertThat(reasonOf(() -> api.unpark(CUSTOMER, "705", "202"))).isEqualTo(CallControlException.Reason.NOT_FOUND);
        assertThat(reasonOf(() -> api.park(CUSTOMER, bobChannel, "711"))).isEqualTo(CallControlException.Reason.INVALID_FIELD);
        bob.awaitReceivedAudio(parkedAt + 2.0, T);

        CallControl.Unparked unparked = api.unpark(CUSTOMER, "703", "202");
        assertThat(unparked.linkedId()).isEqualTo(parked.linkedId());
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
        CallControl api = start(Map.of());
        BaresipPhone reception = sw.registeredPhone("226", 440);
        BaresipPhone bob = sw.registeredPhone("201", 1000);
        BaresipPhone carol = sw.registeredPhone("202", 2000);
        reception.dial("201");
        bob.awaitEvent("CALL_ESTABLISHED", T);
        String bobChannel = events.channelIdOf("201", T);
        api.park(CUSTOMER, bobChannel, "701");
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
        CallControl api = start(Map.of("DIALTONE_PARKING_TIMEOUT_SECONDS", "2"));
        BaresipPhone reception = sw.registeredPhone("226", 440);
        BaresipPhone bob = sw.registeredPhone("201", 1000);
        bob.dial("226");
        reception.awaitEvent("CALL_ESTABLISHED", T);
        String bobChannel = events.await(EventType.BRIDGE, e -> true, T).caller().channelId();
        reception.clearEvents();
        api.park(CUSTOMER, bobChannel, "702");
        reception.awaitEvent("CALL_CLOSED", T);

        var ringBack = reception.awaitEvent("CALL_ESTABLISHED", T);
        assertThat(ringBack.path("peeruri").asText()).contains("201");
        events.await(EventType.PARK_TIMEOUT, e -> bobChannel.equals(e.channel().channelId()), T);
        reception.awaitReceivedAudio(1.5, T);
        reception.hangup();
        bob.awaitEvent("CALL_CLOSED", T);
        assertNothingLeft();
    }

    private static CallControlException.Reason reasonOf(Runnable action) {
        try {
            action.run();
        } catch (CallControlException e) {
            return e.reason();
        }
        throw new AssertionError("expected a CallControlException");
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
