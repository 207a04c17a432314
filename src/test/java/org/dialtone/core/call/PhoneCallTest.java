package org.dialtone.core.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.dialtone.core.call.CoreRig.C1;
import static org.dialtone.core.call.CoreRig.T;
import static org.dialtone.core.call.CoreRig.channel;
import static org.dialtone.core.event.EventType.BRIDGE;
import static org.dialtone.core.event.EventType.DIAL_BEGIN;
import static org.dialtone.core.event.EventType.DIAL_END;
import static org.dialtone.core.event.EventType.HANGUP;

import java.time.Duration;
import org.dialtone.core.call.FakeSignalling.FakeLeg;
import org.dialtone.core.channel.ChannelState;
import org.dialtone.core.channel.DialStatus;
import org.dialtone.core.channel.HangupCause;
import org.dialtone.core.event.ChannelEvent;
import org.dialtone.core.media.Prompt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A phone calling an extension, without SIP: the channel state machine, the media and the events of each outcome. */
class PhoneCallTest {
    private final CoreRig rig = new CoreRig(Duration.ofMillis(300), Duration.ZERO);

    @AfterEach
    void noLeak() {
        try {
            rig.awaitNoCalls();
            rig.assertAllMediaReleased();
        } finally {
            rig.close();
        }
    }

    @Test
    void answeredCallIsBridgedThenEndsWhenTheCalleeHangsUp() {
        FakeLeg alice = rig.dial("200", "201");
        FakeLeg bob = rig.port.awaitRung(C1, "201");
        assertThat(bob.shown.number()).isEqualTo("200");
        assertThat(bob.shown.name()).isEqualTo("Name200");
        await().atMost(T).until(() -> alice.progressed && alice.media.hearing() == Prompt.RINGBACK);
        assertThat(channel(bob).state()).isEqualTo(ChannelState.DOWN);

        bob.ring();
        await().atMost(T).until(() -> channel(bob).state() == ChannelState.RINGING);
        assertThat(channel(alice).state()).isEqualTo(ChannelState.RINGING);

        bob.pickUp();
        await().atMost(T).until(() -> alice.media.hears(bob.media));
        assertThat(alice.answers.get()).isEqualTo(1);
        assertThat(channel(alice).state()).isEqualTo(ChannelState.UP);
        assertThat(channel(bob).state()).isEqualTo(ChannelState.UP);
        assertThat(channel(bob).dialStatus()).isEqualTo(DialStatus.ANSWER);
        assertThat(rig.types()).containsExactly(DIAL_BEGIN, DIAL_END, BRIDGE);

        bob.end(HangupCause.NORMAL);
        assertThat(alice.awaitHungUp()).isEqualTo(HangupCause.NORMAL);
        assertThat(bob.hangups).as("the phone hung up itself").isEmpty();
        rig.awaitNoCalls();
        assertThat(rig.types()).containsExactly(DIAL_BEGIN, DIAL_END, BRIDGE, HANGUP, HANGUP);
        await().atMost(T).until(() -> rig.records.size() == 1);
        assertThat(rig.records.getFirst().disposition()).isEqualTo("answered");
        assertThat(rig.records.getFirst().toNumber()).isEqualTo("201");
    }

    @Test
    void callerHangingUpAfterAnswerReleasesTheCallee() {
        FakeLeg[] call = rig.talking("200", "201");
        call[0].end(HangupCause.NORMAL);
        assertThat(call[1].awaitHungUp()).isEqualTo(HangupCause.NORMAL);
        assertThat(call[0].hangups).isEmpty();
    }

    @Test
    void calleeWhoseHangupOvertakesItsAnswerCountsAsAnsweredThenHungUp() {
        // the SIP stack reads a dialog's messages on several threads: the BYE can be reported before the 200
        FakeLeg alice = rig.dial("200", "201");
        FakeLeg bob = rig.port.awaitRung(C1, "201");
        bob.end(HangupCause.NORMAL);
        bob.pickUp();
        assertThat(alice.awaitHungUp()).isEqualTo(HangupCause.NORMAL);
        assertThat(alice.answers.get()).as("the caller was answered, not rejected").isEqualTo(1);
        rig.awaitNoCalls();
        assertThat(rig.awaitEvent(DIAL_END, e -> true).channel().dialStatus()).isEqualTo("answer");
        assertThat(rig.types()).containsExactly(DIAL_BEGIN, DIAL_END, BRIDGE, HANGUP, HANGUP);
        await().atMost(T).until(() -> rig.records.size() == 1);
        assertThat(rig.records.getFirst().disposition()).isEqualTo("answered");
    }

    @Test
    void busyCalleeHangsTheCallerUpWithBusy() {
        FakeLeg alice = rig.dial("200", "201");
        FakeLeg bob = rig.port.awaitRung(C1, "201");
        bob.ring();
        bob.end(HangupCause.BUSY);
        assertThat(alice.awaitHungUp()).isEqualTo(HangupCause.BUSY);
        assertThat(alice.answers.get()).isZero();
        rig.awaitNoCalls();
        ChannelEvent dialEnd = rig.awaitEvent(DIAL_END, e -> true);
        assertThat(dialEnd.channel().dialStatus()).isEqualTo("busy");
        assertThat(rig.types()).containsExactly(DIAL_BEGIN, DIAL_END, HANGUP, HANGUP);
        await().atMost(T).until(() -> rig.records.size() == 1);
        assertThat(rig.records.getFirst().disposition()).isEqualTo("busy");
    }

    @Test
    void unansweredCalleeIsCancelledAfterTheRingTimeout() {
        FakeLeg alice = rig.dial("200", "201");
        FakeLeg bob = rig.port.awaitRung(C1, "201");
        bob.ring();
        assertThat(bob.awaitHungUp()).isEqualTo(HangupCause.NO_ANSWER);
        assertThat(alice.awaitHungUp()).isEqualTo(HangupCause.NO_ANSWER);
        rig.awaitNoCalls();
        assertThat(rig.awaitEvent(DIAL_END, e -> true).channel().dialStatus()).isEqualTo("no answer");
        // a late answer is refused, not bridged
        bob.pickUp();
        await().atMost(T).until(() -> bob.hangups.size() == 2);
    }

    @Test
    void callerCancellingWhileItRingsCancelsTheCallee() {
        FakeLeg alice = rig.dial("200", "201");
        FakeLeg bob = rig.port.awaitRung(C1, "201");
        bob.ring();
        await().atMost(T).until(() -> channel(bob).state() == ChannelState.RINGING);
        alice.end(HangupCause.CANCELLED);
        assertThat(bob.awaitHungUp()).isEqualTo(HangupCause.CANCELLED);
        rig.awaitNoCalls();
        assertThat(rig.awaitEvent(DIAL_END, e -> true).channel().dialStatus()).isEqualTo("cancel");
        assertThat(rig.types()).containsExactly(DIAL_BEGIN, DIAL_END, HANGUP, HANGUP);
    }

    @Test
    void unknownNumberHangsTheCallerUpWithNotFound() {
        FakeLeg unknown = rig.dial("200", "999");
        assertThat(unknown.awaitHungUp()).isEqualTo(HangupCause.NOT_FOUND);
        assertThat(rig.port.allLegs).as("nothing rang").isEmpty();
        rig.awaitNoCalls();
    }
}
