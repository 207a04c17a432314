package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dialtone.e2e.TrunkCallSupport.T;
import static org.dialtone.e2e.TrunkCallSupport.answerEcho;
import static org.dialtone.e2e.TrunkCallSupport.assertEndsWithTone;
import static org.dialtone.e2e.TrunkCallSupport.assertOk;
import static org.dialtone.e2e.TrunkCallSupport.assertOutsideParty;
import static org.dialtone.e2e.TrunkCallSupport.assertTone;
import static org.dialtone.e2e.TrunkCallSupport.eventAbout;
import static org.dialtone.e2e.TrunkCallSupport.inviteReceived;
import static org.dialtone.e2e.TrunkCallSupport.secondsRecorded;
import static org.dialtone.e2e.TrunkFixture.BOB_DID;
import static org.dialtone.e2e.TrunkFixture.CARRIER1;
import static org.dialtone.e2e.TrunkFixture.CARRIER2;
import static org.dialtone.e2e.TrunkFixture.OUTSIDE_CALLER;

import java.nio.file.Path;
import java.time.Duration;
import org.dialtone.core.event.ChannelEvent;
import org.dialtone.core.event.EventType;
import org.dialtone.testing.AudioAnalysis;
import org.dialtone.testing.BaresipPhone;
import org.dialtone.testing.Sipp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The call-control API on calls from the network. The outside caller is a baresip phone on carrier1's address
 * (127.0.0.2, so the switch takes its call as carrier1's) sending 1200 Hz, because here the test must hear what the
 * outside party hears: after a blind transfer to an outside number (carrier2, which echoes), its own voice; parked,
 * music; unparked to 202, 202's 2000 Hz.
 */
class TrunkCallControlIT {
    private static final int OUTSIDE_HZ = 1200;
    private TrunkFixture t;

    @AfterEach
    void stop() {
        if (t != null) t.closeCheckingNoLeak();
    }

    @Test
    void inboundCallerIsBlindTransferredToAnOutsideNumber() {
        t = TrunkFixture.builder().outboundTrunks(CARRIER2).start();
        ActionClient api = new ActionClient(t.sw.dialtone.httpPort(), t.sw.token);
        BaresipPhone bob = t.sw.registeredPhone("201", 1000);
        BaresipPhone outside = t.phone(t.outsidePhone(CARRIER1, OUTSIDE_HZ));
        try (Sipp carrier2 = answerEcho(t, CARRIER2, Duration.ofMillis(300)).start()) {
            outside.dial(t.switchUri(BOB_DID));
            outside.awaitEvent("CALL_ESTABLISHED", T);
            bob.awaitEvent("CALL_ESTABLISHED", T);
            outside.awaitReceivedAudio(1.5, T);
            ChannelEvent bridged = t.sw.events.await(EventType.BRIDGE, e -> true, T);
            assertOutsideParty(bridged.caller(), OUTSIDE_CALLER, CARRIER1);
            String callerChannel = bridged.caller().channelId();
            double beforeTransfer = secondsRecorded(outside);

            var moved = api.transfer(callerChannel, "+18005550188");
            assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
            assertThat(moved.data("channel_id")).isEqualTo(callerChannel);
            bob.awaitEvent("CALL_CLOSED", T); // 201 is released
            outside.awaitReceivedAudio(beforeTransfer + 3.0, T);
            outside.hangup();

            Sipp.Result r = assertOk(carrier2.await(T));
            assertThat(inviteReceived(r).requestUser()).isEqualTo("+18005550188");
            Path heard = outside.awaitFinishedRecording(beforeTransfer + 2.0, T);
            assertTone(heard, beforeTransfer - 1.0, 0.8, 1000); // talking to 201
            assertEndsWithTone(heard, OUTSIDE_HZ);               // then to carrier2, which echoes the caller

            ChannelEvent transfer = t.sw.events.await(EventType.BLIND_TRANSFER, e -> true, T);
            assertThat(transfer.channel().channelId()).isEqualTo(callerChannel);
            ChannelEvent dialled = eventAbout(t.sw.events, EventType.DIAL_BEGIN, "+18005550188");
            assertThat(dialled.linkedId()).isEqualTo(moved.data("linked_id"));
            assertOutsideParty(dialled.callee(), "+18005550188", CARRIER2);
        }
    }

    @Test
    void inboundCallerIsParkedHearsMusicAndIsUnparkedTo202() {
        t = TrunkFixture.start();
        ActionClient api = new ActionClient(t.sw.dialtone.httpPort(), t.sw.token);
        BaresipPhone bob = t.sw.registeredPhone("201", 1000);
        BaresipPhone carol = t.sw.registeredPhone("202", 2000);
        BaresipPhone outside = t.phone(t.outsidePhone(CARRIER1, OUTSIDE_HZ));
        outside.dial(t.switchUri(BOB_DID));
        outside.awaitEvent("CALL_ESTABLISHED", T);
        bob.awaitEvent("CALL_ESTABLISHED", T);
        outside.awaitReceivedAudio(1.0, T);
        String callerChannel = t.sw.events.await(EventType.BRIDGE, e -> true, T).caller().channelId();

        var parked = api.park(callerChannel, "703");
        assertThat(parked.status()).as(parked.toString()).isEqualTo(200);
        assertThat(parked.data("channel_id")).isEqualTo(callerChannel);
        bob.awaitEvent("CALL_CLOSED", T);
        double parkedAt = secondsRecorded(outside);
        outside.awaitReceivedAudio(parkedAt + 2.0, T);

        var unparked = api.post("unpark", "{\"parking_spot\":\"703\",\"extension_number\":\"202\"}");
        assertThat(unparked.status()).as(unparked.toString()).isEqualTo(200);
        assertThat(unparked.data("linked_id")).isEqualTo(parked.data("linked_id"));
        assertThat(carol.awaitEvent("CALL_ESTABLISHED", T).path("peeruri").asString())
                .as("202's phone shows the parked caller").contains(OUTSIDE_CALLER.substring(1));
        double unparkedAt = secondsRecorded(outside);
        outside.awaitReceivedAudio(unparkedAt + 1.5, T);
        carol.hangup();
        outside.awaitEvent("CALL_CLOSED", T);

        Path heard = outside.awaitFinishedRecording(unparkedAt + 1.0, T);
        String music = AudioAnalysis.describe(heard, parkedAt + 0.5, 1.0);
        assertThat(AudioAnalysis.rms(heard, parkedAt + 0.5, 1.0)).as("music on hold, not silence: " + music)
                .isGreaterThan(0.02);
        assertThat(AudioAnalysis.toneAmplitude(heard, parkedAt + 0.5, 1.0, 1000)).as("201 is gone: " + music)
                .isLessThan(0.05);
        assertEndsWithTone(heard, 2000);
        assertEndsWithTone(carol.awaitFinishedRecording(1.0, T), OUTSIDE_HZ);
        t.sw.events.await(EventType.PARK, e -> callerChannel.equals(e.channel().channelId()), T);
        t.sw.events.await(EventType.UNPARK, e -> callerChannel.equals(e.channel().channelId()), T);
    }
}
