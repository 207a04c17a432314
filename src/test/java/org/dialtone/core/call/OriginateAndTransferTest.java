package org.dialtone.core.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.dialtone.core.call.CoreRig.C1;
import static org.dialtone.core.call.CoreRig.C2;
import static org.dialtone.core.call.CoreRig.T;
import static org.dialtone.core.call.CoreRig.channel;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.dialtone.core.call.FakeSignalling.FakeLeg;
import org.dialtone.core.channel.ChannelState;
import org.dialtone.core.channel.HangupCause;
import org.dialtone.core.control.CallControl.Originated;
import org.dialtone.core.control.CallControl.Outcome;
import org.dialtone.core.control.CallControl.Transferred;
import org.dialtone.core.control.CallControlException;
import org.dialtone.core.control.CallControlException.Reason;
import org.dialtone.core.event.EventType;
import org.dialtone.core.media.Prompt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** originate and blind-transfer driven through {@link CallService}'s CallControl methods, phones faked. */
class OriginateAndTransferTest {
    private final CoreRig rig = new CoreRig(Duration.ofMillis(400), Duration.ZERO);

    @AfterEach
    void noLeak() {
        try {
            rig.awaitNoCalls();
            rig.assertAllMediaReleased();
        } finally {
            rig.close();
        }
    }

    private static Outcome outcome(Originated o) throws Exception {
        return o.answered().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static Reason reasonOf(Runnable action) {
        try {
            action.run();
        } catch (CallControlException e) {
            return e.reason();
        }
        throw new AssertionError("no CallControlException");
    }

    @Test
    void originateToAnExtensionWithoutDeviceIsUnavailableAndLeavesNothing() {
        rig.port.unregister(C1, "226");
        assertThatThrownBy(() -> rig.service.originate(C1, "226", "201"))
                .isInstanceOfSatisfying(CallControlException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.EXTENSION_UNAVAILABLE);
                    assertThat(e.field()).isEqualTo("extension_number");
                });
        assertThat(rig.events).isEmpty();
        assertThat(rig.port.allLegs).isEmpty();
        assertThat(rig.service.activeCalls()).isZero();
        assertThat(rig.service.callsStarted()).isZero();
        assertThat(reasonOf(() -> rig.service.originate(C1, "226", "999"))).isEqualTo(Reason.NOT_FOUND);
        assertThat(reasonOf(() -> rig.service.originate(C1, "555", "201"))).isEqualTo(Reason.NOT_FOUND);
    }

    @Test
    void answeredOriginatePlaysRingbackThenDialsAndBridgesTheNumber() throws Exception {
        Originated o = rig.service.originate(C1, "226", "201");
        FakeLeg reception = rig.port.awaitRung(C1, "226");
        assertThat(reception.shown.number()).as("the phone shows the callee").isEqualTo("201");
        assertThat(channel(reception).channelId()).isEqualTo(o.channelId());
        assertThat(channel(reception).uniqueId()).isEqualTo(o.linkedId());
        assertThat(o.answered().toCompletableFuture()).isNotDone();
        assertThat(rig.port.hasUnclaimed(C1, "201")).as("the number waits for the answer").isFalse();

        reception.ring();
        reception.pickUp();
        assertThat(outcome(o)).isEqualTo(Outcome.ANSWERED);
        FakeLeg bob = rig.port.awaitRung(C1, "201");
        assertThat(bob.shown.number()).isEqualTo("226");
        assertThat(reception.media.hearing()).isEqualTo(Prompt.RINGBACK);
        bob.pickUp();
        await().atMost(T).until(() -> reception.media.hears(bob.media));
        assertThat(channel(bob).linkedId()).isEqualTo(o.linkedId());
        bob.end(HangupCause.NORMAL);
        assertThat(reception.awaitHungUp()).isEqualTo(HangupCause.NORMAL);
    }

    @Test
    void busyNumberHangsUpTheOriginatingExtension() throws Exception {
        Originated o = rig.service.originate(C1, "226", "201");
        FakeLeg reception = rig.port.awaitRung(C1, "226");
        reception.pickUp();
        FakeLeg bob = rig.port.awaitRung(C1, "201");
        bob.end(HangupCause.BUSY);
        assertThat(reception.awaitHungUp()).isEqualTo(HangupCause.BUSY);
        assertThat(outcome(o)).isEqualTo(Outcome.ANSWERED);
    }

    @Test
    void syncOutcomeReportsBusyRejectedAndNoAnswer() throws Exception {
        Originated busy = rig.service.originate(C1, "226", "201");
        rig.port.awaitRung(C1, "226").end(HangupCause.BUSY);
        assertThat(outcome(busy)).isEqualTo(Outcome.BUSY);

        Originated rejected = rig.service.originate(C1, "226", "201");
        rig.port.awaitRung(C1, "226").end(HangupCause.REJECTED);
        assertThat(outcome(rejected)).isEqualTo(Outcome.REJECTED);

        Originated unanswered = rig.service.originate(C1, "226", "201");
        FakeLeg ringing = rig.port.awaitRung(C1, "226");
        ringing.ring();
        assertThat(outcome(unanswered)).isEqualTo(Outcome.NO_ANSWER);
        assertThat(ringing.awaitHungUp()).isEqualTo(HangupCause.NO_ANSWER);
        assertThat(rig.port.hasUnclaimed(C1, "201")).as("nothing dialled without an answer").isFalse();
    }

    @Test
    void transferOfARingingChannelIsInvalidState() {
        FakeLeg alice = rig.dial("200", "201");
        FakeLeg bob = rig.port.awaitRung(C1, "201");
        bob.ring();
        await().atMost(T).until(() -> channel(bob).state() == ChannelState.RINGING);
        assertThat(reasonOf(() -> rig.service.blindTransfer(C1, channel(bob).channelId(), "202")))
                .isEqualTo(Reason.INVALID_STATE);
        assertThat(reasonOf(() -> rig.service.blindTransfer(C1, channel(alice).channelId(), "202")))
                .isEqualTo(Reason.INVALID_STATE);
        assertThat(bob.hangups).isEmpty();
        assertThat(alice.hangups).isEmpty();
        alice.end(HangupCause.CANCELLED);
        bob.awaitHungUp();
    }

    @Test
    void transferReleasesThePeerPlaysRingbackAndBridgesTheTarget() {
        FakeLeg[] call = rig.talking("200", "201");
        FakeLeg alice = call[0];
        FakeLeg bob = call[1];
        String bobId = channel(bob).channelId();
        Transferred t = rig.service.blindTransfer(C1, bobId, "202");
        assertThat(t.channelId()).isEqualTo(bobId);
        assertThat(t.linkedId()).isEqualTo(CoreRig.callOf(alice).linkedId());
        assertThat(alice.awaitHungUp()).isEqualTo(HangupCause.NORMAL);
        await().atMost(T).until(() -> bob.media.hearing() == Prompt.RINGBACK);
        FakeLeg carol = rig.port.awaitRung(C1, "202");
        assertThat(carol.shown.number()).isEqualTo("201");
        carol.pickUp();
        await().atMost(T).until(() -> bob.media.hears(carol.media));
        assertThat(bob.hangups).isEmpty();
        rig.awaitEvent(EventType.BLIND_TRANSFER, e -> e.channel().channelId().equals(bobId));
        carol.end(HangupCause.NORMAL);
        assertThat(bob.awaitHungUp()).isEqualTo(HangupCause.NORMAL);
    }

    @Test
    void transferTargetFailingHangsTheMovingChannelUp() {
        FakeLeg[] call = rig.talking("200", "201");
        FakeLeg bob = call[1];
        rig.service.blindTransfer(C1, channel(bob).channelId(), "202");
        FakeLeg carol = rig.port.awaitRung(C1, "202");
        carol.end(HangupCause.BUSY);
        assertThat(bob.awaitHungUp()).isEqualTo(HangupCause.BUSY);

        FakeLeg[] second = rig.talking("200", "201");
        rig.service.blindTransfer(C1, channel(second[0]).channelId(), "202");
        FakeLeg unanswered = rig.port.awaitRung(C1, "202");
        assertThat(unanswered.awaitHungUp()).isEqualTo(HangupCause.NO_ANSWER);
        assertThat(second[0].awaitHungUp()).isEqualTo(HangupCause.NO_ANSWER);
        assertThat(rig.port.allLegs).as("no fallback configured: nothing else rang")
                .extracting(l -> l.number).containsExactly("201", "202", "201", "202");
    }

    // ---- transfer fallback (customers[i].transfer_fallback) -----------------------------------------------------

    /** 200 talks with 201, 201 is transferred to 202, which rings: [200, 201, 202]. */
    private FakeLeg[] transferringTo202() {
        FakeLeg[] call = rig.talking("200", "201");
        rig.service.blindTransfer(C1, channel(call[1]).channelId(), "202");
        assertThat(call[0].awaitHungUp()).isEqualTo(HangupCause.NORMAL);
        return new FakeLeg[] {call[0], call[1], rig.port.awaitRung(C1, "202")};
    }

    @Test
    void busyTargetRingsTheFallbackWhileTheMovingChannelHearsRingbackThenBridgesIt() {
        rig.transferFallbacks.put(C1, "226");
        FakeLeg[] legs = transferringTo202();
        FakeLeg bob = legs[1];
        String bobId = channel(bob).channelId();
        legs[2].end(HangupCause.BUSY);

        FakeLeg reception = rig.port.awaitRung(C1, "226");
        assertThat(reception.shown.number()).as("the fallback sees the moving channel").isEqualTo("201");
        assertThat(bob.hangups).isEmpty();
        assertThat(bob.media.hearing()).isEqualTo(Prompt.RINGBACK);
        var failed = rig.awaitEvent(EventType.DIAL_END, e -> "202".equals(e.channel().number()));
        assertThat(failed.channel().dialStatus()).isEqualTo("busy");
        var begin = rig.awaitEvent(EventType.DIAL_BEGIN, e -> "226".equals(e.channel().number()));
        assertThat(begin.caller().channelId()).isEqualTo(bobId);
        assertThat(begin.linkedId()).isEqualTo(CoreRig.callOf(legs[0]).linkedId());
        assertThat(rig.events.indexOf(begin)).isGreaterThan(rig.events.indexOf(failed));

        reception.pickUp();
        await().atMost(T).until(() -> bob.media.hears(reception.media));
        var answered = rig.awaitEvent(EventType.DIAL_END, e -> "226".equals(e.channel().number()));
        assertThat(answered.channel().dialStatus()).isEqualTo("answer");
        rig.awaitEvent(EventType.BRIDGE, e -> bobId.equals(e.channel().channelId()) && "226".equals(e.callee().number()));
        reception.end(HangupCause.NORMAL);
        assertThat(bob.awaitHungUp()).isEqualTo(HangupCause.NORMAL);
    }

    @Test
    void unansweredTargetRingsTheFallbackToo() {
        rig.transferFallbacks.put(C1, "226");
        FakeLeg[] legs = transferringTo202();
        assertThat(legs[2].awaitHungUp()).isEqualTo(HangupCause.NO_ANSWER);
        FakeLeg reception = rig.port.awaitRung(C1, "226");
        reception.pickUp();
        await().atMost(T).until(() -> legs[1].media.hears(reception.media));
        legs[1].end(HangupCause.NORMAL);
        assertThat(reception.awaitHungUp()).isEqualTo(HangupCause.NORMAL);
    }

    @Test
    void failingFallbackHangsTheMovingChannelUpWithoutRingingAgain() {
        rig.transferFallbacks.put(C1, "226");
        FakeLeg[] legs = transferringTo202();
        legs[2].end(HangupCause.BUSY);
        rig.port.awaitRung(C1, "226").end(HangupCause.REJECTED);
        assertThat(legs[1].awaitHungUp()).isEqualTo(HangupCause.REJECTED);
        rig.awaitNoCalls();
        assertThat(rig.port.allLegs).extracting(l -> l.number).containsExactly("201", "202", "226");
    }

    @Test
    void fallbackThatIsTheFailedTargetItselfIsNotRungAgain() {
        rig.transferFallbacks.put(C1, "202");
        FakeLeg[] legs = transferringTo202();
        legs[2].end(HangupCause.BUSY);
        assertThat(legs[1].awaitHungUp()).isEqualTo(HangupCause.BUSY);
        rig.awaitNoCalls();
        assertThat(rig.port.allLegs).extracting(l -> l.number).containsExactly("201", "202");
    }

    @Test
    void fallbackWithoutRegisteredDeviceHangsUpWithTheTargetsCause() {
        rig.transferFallbacks.put(C1, "226");
        rig.port.unregister(C1, "226");
        FakeLeg[] legs = transferringTo202();
        legs[2].end(HangupCause.UNAVAILABLE);
        assertThat(legs[1].awaitHungUp()).isEqualTo(HangupCause.UNAVAILABLE);
        rig.awaitNoCalls();
        assertThat(rig.port.allLegs).extracting(l -> l.number).containsExactly("201", "202");
    }

    @Test
    void movingChannelHangingUpWhileTheFallbackRingsCancelsIt() {
        rig.transferFallbacks.put(C1, "226");
        FakeLeg[] legs = transferringTo202();
        legs[2].end(HangupCause.BUSY);
        FakeLeg reception = rig.port.awaitRung(C1, "226");
        legs[1].end(HangupCause.NORMAL);
        assertThat(reception.awaitHungUp()).isEqualTo(HangupCause.CANCELLED);
    }

    @Test
    void anotherCustomersChannelIsNotFoundExactlyLikeAnUnknownOne() {
        FakeLeg[] call = rig.talking("200", "201");
        String bobId = channel(call[1]).channelId();
        for (var attempt : java.util.List.<java.util.function.Consumer<String>>of(
                id -> rig.service.blindTransfer(C2, id, "200"),
                id -> rig.service.park(C2, id, "701"))) {
            CallControlException foreign = catchCce(() -> attempt.accept(bobId));
            CallControlException unknown = catchCce(() -> attempt.accept("0b5d7c1e-0000-4000-8000-000000000000"));
            assertThat(foreign.reason()).isEqualTo(Reason.NOT_FOUND);
            assertThat(foreign.field()).isEqualTo(unknown.field());
            assertThat(foreign.getMessage().replace(bobId, "X"))
                    .isEqualTo(unknown.getMessage().replace("0b5d7c1e-0000-4000-8000-000000000000", "X"));
        }
        assertThat(call[0].hangups).isEmpty();
        assertThat(call[1].hangups).isEmpty();
        assertThat(call[0].media.hears(call[1].media)).isTrue();
        call[0].end(HangupCause.NORMAL);
        call[1].awaitHungUp();
    }

    private static CallControlException catchCce(Runnable r) {
        try {
            r.run();
        } catch (CallControlException e) {
            return e;
        }
        throw new AssertionError("no CallControlException");
    }
}
