package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dialtone.e2e.TrunkCallSupport.OUTSIDE_CALLER_HZ;
import static org.dialtone.e2e.TrunkCallSupport.T;
import static org.dialtone.e2e.TrunkCallSupport.assertEndsWithTone;
import static org.dialtone.e2e.TrunkCallSupport.assertOk;
import static org.dialtone.e2e.TrunkCallSupport.assertOutsideParty;
import static org.dialtone.e2e.TrunkCallSupport.assertTone;
import static org.dialtone.e2e.TrunkCallSupport.didCall;
import static org.dialtone.e2e.TrunkCallSupport.didRefused;
import static org.dialtone.e2e.TrunkCallSupport.secondsRecorded;
import static org.dialtone.e2e.TrunkFixture.BOB_DID;
import static org.dialtone.e2e.TrunkFixture.CARRIER1;
import static org.dialtone.e2e.TrunkFixture.OUTSIDE_CALLER;
import static org.dialtone.e2e.TrunkFixture.OUTSIDE_CALLER_NAME;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dialtone.core.call.CallRecord;
import org.dialtone.core.event.ChannelEvent;
import org.dialtone.core.event.EventType;
import org.dialtone.testing.AudioAnalysis;
import org.dialtone.testing.BaresipPhone;
import org.dialtone.testing.Sipp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Calls from the network: carrier1 (sipp on 127.0.0.2) calls customer 1000001's DIDs. The carrier's caller talks
 * (800 Hz), then echoes what it hears, so the called phone's recording shows both directions. Calls to an unknown
 * DID, or from an address that is no trunk, are refused before any channel exists.
 */
class TrunkInboundCallsIT {
    private static final Duration PHASE = Duration.ofMillis(1500);
    private TrunkFixture t;

    @AfterEach
    void stop() {
        if (t != null) t.closeCheckingNoLeak();
    }

    @Test
    void didRingsItsExtensionAndAudioFlowsBothWays() {
        t = TrunkFixture.start();
        BaresipPhone bob = t.sw.registeredPhone("201", 1000);

        assertOk(didCall(t, CARRIER1, BOB_DID, PHASE).run());
        assertThat(bob.awaitEvent("CALL_ESTABLISHED", T).path("peeruri").asString())
                .as("201's phone shows the outside caller").contains(OUTSIDE_CALLER.substring(1));
        assertThat(bob.awaitEvent("CALL_CLOSED", T).path("param").asString()).contains("Connection reset by peer");

        Path heard = bob.awaitFinishedRecording(2.5, T);
        assertTone(heard, 0.3, 0.8, OUTSIDE_CALLER_HZ); // the carrier's caller
        assertEndsWithTone(heard, 1000);                // 201's own voice: it reached the carrier and came back

        List<ChannelEvent> events = t.sw.events.awaitHangups(2, T);
        assertThat(UnansweredCallIT.types(events)).as(t.sw.events.describe())
                .containsExactly("dial_begin", "dial_end", "bridge", "hangup", "hangup");
        for (ChannelEvent e : events) {
            assertThat(e.direction()).as(e.toString()).isEqualTo("inbound");
            assertThat(e.customerCode()).isEqualTo("1000001");
            assertOutsideParty(e.caller(), OUTSIDE_CALLER, CARRIER1);
            assertThat(e.caller().name()).isEqualTo(OUTSIDE_CALLER_NAME);
            assertThat(e.callee().number()).isEqualTo("201");
            assertThat(e.callee().name()).isEqualTo("Bob");
        }
        assertThat(events.get(1).channel().device()).isEqualTo("201");
        assertThat(events.get(1).channel().dialStatus()).isEqualTo("answer");
        assertThat(events.get(2).callee().connectedDevice()).isEqualTo(CARRIER1);
        CallRecord record = t.sw.awaitCallRecord("1000001", events.get(0).linkedId());
        assertThat(record.direction()).isEqualTo("inbound");
        assertThat(record.outsideNumber()).isEqualTo(OUTSIDE_CALLER);
        assertThat(record.trunk()).isEqualTo(CARRIER1);
        assertThat(record.answerTime()).isNotNull();
    }

    @Test
    void unknownDidGets404AndNoChannel() {
        t = TrunkFixture.start();
        BaresipPhone bob = t.sw.registeredPhone("201", 1000);
        Sipp.Result r = assertOk(didRefused(t, t.carrier(CARRIER1).host(), "+12025550999", 404).run());
        assertThat(r.messages()).anySatisfy(m -> assertThat(m.isResponse(404)).isTrue());
        assertNoCallHappened(bob);
    }

    @Test
    void callFromAnAddressThatIsNoTrunkGets403AndNoChannel() {
        t = TrunkFixture.start();
        BaresipPhone bob = t.sw.registeredPhone("201", 1000);
        assertOk(didRefused(t, "127.0.0.9", BOB_DID, 403).run());
        assertNoCallHappened(bob);
    }

    @Test
    void didOfAParkingSpotRetrievesTheCallParkedThere() {
        t = TrunkFixture.start();
        ActionClient api = new ActionClient(t.sw.dialtone.httpPort(), t.sw.token);
        BaresipPhone reception = t.sw.registeredPhone("226", 440);
        BaresipPhone bob = t.sw.registeredPhone("201", 1000);
        bob.dial("226");
        reception.awaitEvent("CALL_ESTABLISHED", T);
        String bobChannel = t.sw.events.await(EventType.BRIDGE, e -> true, T).caller().channelId();
        var parked = api.park(bobChannel, "703");
        assertThat(parked.status()).as(parked.toString()).isEqualTo(200);
        reception.awaitEvent("CALL_CLOSED", T);
        double parkedAt = secondsRecorded(bob);

        assertOk(didCall(t, CARRIER1, TrunkFixture.PARKING_DID, PHASE).run());
        bob.awaitEvent("CALL_CLOSED", T); // the carrier's caller hung up after talking to 201

        Path heard = bob.awaitFinishedRecording(parkedAt + 3.0, T);
        double end = AudioAnalysis.durationSeconds(heard);
        assertTone(heard, end - 2.0 * PHASE.toMillis() / 1000.0 + 0.3, 0.8, OUTSIDE_CALLER_HZ);
        assertEndsWithTone(heard, 1000);
        ChannelEvent unpark = t.sw.events.await(EventType.UNPARK, e -> bobChannel.equals(e.channel().channelId()), T);
        assertThat(unpark.linkedId()).isEqualTo(parked.data("linked_id"));
    }

    /** The refused call left nothing: no event, no channel, and the DID's phone never rang. */
    private void assertNoCallHappened(BaresipPhone bob) {
        assertThat(t.sw.events.all()).as(t.sw.events.describe()).isEmpty();
        assertThat(t.sw.dialtone.calls().activeChannels()).isZero();
        assertThat(bob.eventHistory()).noneMatch(e -> e.startsWith("CALL_"));
    }
}
