package org.dialtone.core.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.dialtone.core.call.CoreRig.C1;
import static org.dialtone.core.call.CoreRig.T;
import static org.dialtone.core.call.CoreRig.callOf;
import static org.dialtone.core.call.CoreRig.channel;
import static org.dialtone.core.call.CoreRig.onMailbox;

import java.time.Duration;
import org.dialtone.core.call.FakeSignalling.FakeLeg;
import org.dialtone.core.channel.HangupCause;
import org.dialtone.core.control.CallControl.Parked;
import org.dialtone.core.control.CallControl.Unparked;
import org.dialtone.core.control.CallControl.Outcome;
import org.dialtone.core.control.CallControlException;
import org.dialtone.core.control.CallControlException.Reason;
import org.dialtone.core.event.EventType;
import org.dialtone.core.media.Prompt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** park and unpark through {@link CallService}, phones faked. */
class ParkAndUnparkTest {
    private CoreRig rig = new CoreRig(Duration.ofMillis(400), Duration.ZERO);

    @AfterEach
    void noLeak() {
        try {
            rig.awaitNoCalls();
            rig.assertAllMediaReleased();
            assertThat(rig.service.parking().parkedNow()).isZero();
        } finally {
            rig.close();
        }
    }

    private static Reason reasonOf(Runnable action) {
        try {
            action.run();
        } catch (CallControlException e) {
            return e.reason();
        }
        throw new AssertionError("no CallControlException");
    }

    private String idOf(FakeLeg leg) { return channel(leg).channelId(); }

    /** Parks the caller of a new answered call in {@code spot}; returns [caller, parker]. */
    private FakeLeg[] parkedCall(String from, String to, String spot) {
        FakeLeg[] call = rig.talking(from, to);
        rig.service.park(C1, idOf(call[0]), spot);
        call[1].awaitHungUp();
        return call;
    }

    @Test
    void parkedCallerHearsMusicAndTheParkerIsReleased() {
        FakeLeg[] call = rig.talking("200", "201");
        String aliceId = idOf(call[0]);
        Parked p = rig.service.park(C1, aliceId, "703");
        assertThat(p.parkingSpot()).isEqualTo("703");
        assertThat(p.channelId()).isEqualTo(aliceId);
        assertThat(p.timeoutAt()).as("park timeout disabled").isNull();
        assertThat(call[1].awaitHungUp()).isEqualTo(HangupCause.NORMAL);
        assertThat(call[0].media.hearing()).isEqualTo(Prompt.MUSIC_ON_HOLD);
        assertThat(call[0].hangups).isEmpty();
        assertThat(rig.parkedIn("703")).isPresent();
        rig.awaitEvent(EventType.PARK, e -> e.channel().channelId().equals(aliceId));
        call[0].end(HangupCause.NORMAL);
        rig.awaitNoCalls();
        assertThat(rig.service.parking().parkedNow()).as("hanging up frees the spot").isZero();
    }

    @Test
    void parkingIntoAnOccupiedSpotFailsAndLeavesTheCallerBridged() {
        FakeLeg[] first = parkedCall("200", "201", "701");
        FakeLeg[] second = rig.talking("202", "226");
        var mediaBefore = java.util.List.copyOf(second[0].media.history);
        assertThat(reasonOf(() -> rig.service.park(C1, idOf(second[0]), "701"))).isEqualTo(Reason.SPOT_OCCUPIED);
        assertThat(second[0].hangups).isEmpty();
        assertThat(second[1].hangups).isEmpty();
        assertThat(second[0].media.hears(second[1].media)).isTrue();
        assertThat(second[0].media.history).as("media untouched").isEqualTo(mediaBefore);
        assertThat(onMailbox(callOf(second[0]), () -> callOf(second[0]).parking())).isNull();
        assertThat(rig.parkedIn("701").orElseThrow().occupant().call()).isSameAs(callOf(first[0]));

        assertThat(reasonOf(() -> rig.service.park(C1, idOf(second[0]), "711"))).isEqualTo(Reason.INVALID_FIELD);
        assertThat(reasonOf(() -> rig.service.park(C1, idOf(second[0]), "0701"))).isEqualTo(Reason.INVALID_FIELD);
        assertThat(second[0].media.hears(second[1].media)).isTrue();

        // the parked caller hangs up: the spot is free again for the second call
        first[0].end(HangupCause.NORMAL);
        await().atMost(T).until(() -> rig.parkedIn("701").isEmpty());
        rig.service.park(C1, idOf(second[0]), "701");
        assertThat(second[1].awaitHungUp()).isEqualTo(HangupCause.NORMAL);
        second[0].end(HangupCause.NORMAL);
    }

    @Test
    void parkOfARingingChannelIsInvalidState() {
        FakeLeg alice = rig.dial("200", "201");
        FakeLeg bob = rig.port.awaitRung(C1, "201");
        assertThat(reasonOf(() -> rig.service.park(C1, idOf(alice), "701"))).isEqualTo(Reason.INVALID_STATE);
        assertThat(rig.service.parking().parkedNow()).isZero();
        alice.end(HangupCause.CANCELLED);
        bob.awaitHungUp();
    }

    @Test
    void unparkRingsTheExtensionAndBridgesOnAnswer() {
        assertThat(reasonOf(() -> rig.service.unpark(C1, "705", "202"))).isEqualTo(Reason.NOT_FOUND);
        assertThat(reasonOf(() -> rig.service.unpark(C1, "799", "202"))).isEqualTo(Reason.INVALID_FIELD);
        FakeLeg[] call = parkedCall("200", "201", "705");
        Unparked u = rig.service.unpark(C1, "705", "202");
        assertThat(u.linkedId()).isEqualTo(callOf(call[0]).linkedId());
        FakeLeg carol = rig.port.awaitRung(C1, "202");
        assertThat(carol.shown.number()).as("shows the parked caller").isEqualTo("200");
        assertThat(channel(carol).channelId()).isEqualTo(u.channelId());
        assertThat(rig.parkedIn("705")).as("parked until answered").isPresent();
        carol.pickUp();
        await().atMost(T).until(() -> call[0].media.hears(carol.media));
        assertThat(rig.parkedIn("705")).isEmpty();
        rig.awaitEvent(EventType.UNPARK, e -> true);
        carol.end(HangupCause.NORMAL);
        assertThat(call[0].awaitHungUp()).isEqualTo(HangupCause.NORMAL);
    }

    @Test
    void unparkNotAnsweredLeavesTheCallParked() {
        FakeLeg[] call = parkedCall("200", "201", "706");
        rig.service.unpark(C1, "706", "202");
        FakeLeg carol = rig.port.awaitRung(C1, "202");
        carol.end(HangupCause.BUSY);
        rig.awaitEvent(EventType.DIAL_END, e -> "busy".equals(e.channel().dialStatus()));
        assertThat(rig.parkedIn("706")).isPresent();
        assertThat(call[0].hangups).isEmpty();
        assertThat(call[0].media.hearing()).isEqualTo(Prompt.MUSIC_ON_HOLD);
        call[0].end(HangupCause.NORMAL);
    }

    @Test
    void parkedCallerHangingUpWhileTheUnparkRingsCancelsTheRinging() {
        FakeLeg[] call = parkedCall("200", "201", "702");
        rig.service.unpark(C1, "702", "202");
        FakeLeg carol = rig.port.awaitRung(C1, "202");
        carol.ring();
        call[0].end(HangupCause.NORMAL);
        assertThat(carol.awaitHungUp()).isEqualTo(HangupCause.CANCELLED);
        await().atMost(T).until(() -> rig.parkedIn("702").isEmpty());
    }

    @Test
    void originateToASpotWhoseCallerLeavesWhileTheExtensionRingsReportsFailure() throws Exception {
        FakeLeg[] call = parkedCall("200", "201", "703");
        var originated = rig.service.originate(C1, "202", "703");
        FakeLeg carol = rig.port.awaitRung(C1, "202");
        call[0].end(HangupCause.NORMAL);
        assertThat(carol.awaitHungUp()).isEqualTo(HangupCause.CANCELLED);
        assertThat(originated.answered().toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS))
                .as("a sync originate must not wait for its timeout").isEqualTo(Outcome.FAILED);
    }

    @Test
    void parkTimeoutRingsTheParkerBackAndUnansweredStaysParked() {
        rig.close();
        rig = new CoreRig(Duration.ofMillis(300), Duration.ofMillis(300));
        FakeLeg[] call = rig.talking("200", "201");
        Parked p = rig.service.park(C1, idOf(call[0]), "704");
        assertThat(p.timeoutAt()).isNotNull();
        call[1].awaitHungUp();

        FakeLeg ringBack = rig.port.awaitRung(C1, "201");
        assertThat(ringBack.shown.number()).isEqualTo("200");
        rig.awaitEvent(EventType.PARK_TIMEOUT, e -> true);
        assertThat(ringBack.awaitHungUp()).isEqualTo(HangupCause.NO_ANSWER);
        assertThat(rig.parkedIn("704")).as("back in the spot").isPresent();
        assertThat(call[0].hangups).isEmpty();
        assertThat(call[0].media.hearing()).isEqualTo(Prompt.MUSIC_ON_HOLD);

        FakeLeg again = rig.port.awaitRung(C1, "201"); // the timer was re-armed
        again.pickUp();
        await().atMost(T).until(() -> call[0].media.hears(again.media));
        assertThat(rig.parkedIn("704")).isEmpty();
        again.end(HangupCause.NORMAL);
        assertThat(call[0].awaitHungUp()).isEqualTo(HangupCause.NORMAL);
    }

    @Test
    void dialingTheSpotRetrievesTheParkedCall() {
        FakeLeg[] call = parkedCall("200", "201", "708");
        FakeLeg carol = rig.dial("202", "708");
        await().atMost(T).until(() -> carol.answers.get() == 1 && call[0].media.hears(carol.media));
        assertThat(rig.parkedIn("708")).isEmpty();
        call[0].end(HangupCause.NORMAL);
        assertThat(carol.awaitHungUp()).isEqualTo(HangupCause.NORMAL);
    }
}
