package org.dialtone.core.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.dialtone.core.call.CoreRig.C1;
import static org.dialtone.core.call.CoreRig.T;
import static org.dialtone.core.call.CoreRig.channel;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dialtone.core.call.FakeSignalling.FakeLeg;
import org.dialtone.core.channel.HangupCause;
import org.dialtone.core.control.CallControl.Originated;
import org.dialtone.core.control.CallControl.Outcome;
import org.dialtone.core.control.CallControlException;
import org.dialtone.core.control.CallControlException.Reason;
import org.dialtone.core.dialplan.CustomerRouting;
import org.dialtone.core.dialplan.Did;
import org.dialtone.core.dialplan.RingGroup;
import org.dialtone.core.event.ChannelEvent;
import org.dialtone.core.event.EventType;
import org.dialtone.core.media.Prompt;
import org.dialtone.core.signalling.SignallingPort.CallerId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Calls with a party of the telephone network, through the dial plan and a faked trunk adapter. */
class OutsideCallsTest {
    private static final String TRUNKS_DOWN = "none";
    private final CoreRig rig = new CoreRig(Duration.ofMillis(600), Duration.ZERO);

    OutsideCallsTest() {
        rig.service.dialPlan().update(List.of(new CustomerRouting(C1, "1", "+12025550100", List.of("t1", "t2"),
                        Map.of("226", "+12025550126"),
                        List.of(new RingGroup(C1, "600", "Sales", List.of("200", "201"), null)))),
                List.of(new Did("+12025550111", C1, "201"), new Did("+12025550100", C1, "600"),
                        new Did("+12025550122", C1, "703")));
        rig.port.trunksUp.add("t2");
    }

    @AfterEach
    void noLeak() {
        try {
            rig.awaitNoCalls();
            rig.assertAllMediaReleased();
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

    private FakeLeg fromTrunk(String did, String callerNumber) {
        FakeLeg leg = rig.port.inbound(callerNumber);
        leg.listener = rig.service.incomingFromTrunk("t1", did, new CallerId(callerNumber, "Outside Caller"), leg);
        assertThat(leg.listener).isNotNull();
        return leg;
    }

    @Test
    void originateToAnOutsideNumberRingsTheAgentThenDialsOutWithTheCustomersNumber() throws Exception {
        Originated o = rig.service.originate(C1, "226", "8003569377");
        FakeLeg agent = rig.port.awaitRung(C1, "226");
        assertThat(agent.shown.number()).as("the agent's phone shows the number as dialled").isEqualTo("8003569377");
        assertThat(rig.port.outsideCalls).as("nothing dialled out before the agent answers").isEmpty();
        agent.pickUp();
        assertThat(o.answered().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(Outcome.ANSWERED);

        FakeLeg outside = rig.port.awaitDialledOut("+18003569377");
        var placed = rig.port.outsideCalls.getFirst();
        assertThat(placed.trunks()).containsExactly("t1", "t2");
        assertThat(placed.countryCode()).isEqualTo("1");
        assertThat(placed.callerId()).isEqualTo(new CallerId("+12025550126", "Name226"));
        assertThat(agent.media.hearing()).isEqualTo(Prompt.RINGBACK);
        outside.earlyMedia();
        await().atMost(T).until(() -> agent.media.hearing() == outside.media);
        outside.pickUp();
        await().atMost(T).until(() -> agent.media.hears(outside.media));

        ChannelEvent begin = rig.awaitEvent(EventType.DIAL_BEGIN, e -> e.channel().number().equals("+18003569377"));
        assertThat(begin.direction()).isEqualTo("outbound");
        assertThat(begin.channel().device()).isEqualTo("t2");
        assertThat(begin.caller().number()).isEqualTo("226");
        outside.end(HangupCause.NORMAL);
        assertThat(agent.awaitHungUp()).isEqualTo(HangupCause.NORMAL);
        rig.awaitNoCalls();
        CallRecord record = rig.awaitRecord();
        assertThat(record.direction()).isEqualTo("outbound");
        assertThat(record.outsideNumber()).isEqualTo("+18003569377");
        assertThat(record.trunk()).isEqualTo("t2");
        assertThat(record.disposition()).isEqualTo("answered");
    }

    @Test
    void noTrunkAvailableIsRefusedBeforeAnythingRings() {
        rig.port.trunksUp.clear();
        assertThat(reasonOf(() -> rig.service.originate(C1, "226", "+18003569377"))).isEqualTo(Reason.UNAVAILABLE);
        FakeLeg[] call = rig.talking("200", "201");
        assertThat(reasonOf(() -> rig.service.blindTransfer(C1, channel(call[0]).channelId(), "+18003569377")))
                .isEqualTo(Reason.UNAVAILABLE);
        assertThat(call[0].hangups).as("nothing moved").isEmpty();
        assertThat(rig.port.allLegs).hasSize(1);
        call[0].end(HangupCause.NORMAL);
    }

    @Test
    void numbersThatLeadNowhereOrAreNotDigitsAreRefused() {
        assertThat(reasonOf(() -> rig.service.originate(C1, "226", "12345"))).isEqualTo(Reason.NOT_FOUND);
        assertThat(reasonOf(() -> rig.service.originate(C1, "226", "800*356"))).isEqualTo(Reason.INVALID_FIELD);
        assertThat(reasonOf(() -> rig.service.originate(CoreRig.C2, "200", "+18003569377")))
                .as("a customer without trunks").isEqualTo(Reason.NOT_FOUND);
        assertThat(rig.port.allLegs).isEmpty();
    }

    @Test
    void aPhoneDiallingOutWhenNoTrunkTakesItHearsCongestion() {
        rig.port.trunksUp.clear();
        FakeLeg alice = rig.dial("200", "+18005550199");
        assertThat(alice.awaitHungUp()).isEqualTo(HangupCause.CONGESTION);
    }

    @Test
    void aPhoneDiallingOutHearsEarlyMediaAndTalksToTheOutsideParty() {
        FakeLeg alice = rig.dial("200", "18005550199");
        FakeLeg outside = rig.port.awaitDialledOut("+18005550199");
        assertThat(outside.shown.number()).as("the customer's main number").isEqualTo("+12025550100");
        assertThat(alice.progressed).isTrue();
        outside.earlyMedia();
        await().atMost(T).until(() -> alice.media.hearing() == outside.media);
        outside.end(HangupCause.BUSY);
        assertThat(alice.awaitHungUp()).isEqualTo(HangupCause.BUSY);
        ChannelEvent end = rig.awaitEvent(EventType.DIAL_END, e -> e.channel().number().equals("+18005550199"));
        assertThat(end.channel().dialStatus()).isEqualTo("busy");
        assertThat(end.direction()).isEqualTo("outbound");
    }

    @Test
    void anInboundCallToADidRingsItsExtensionAndIsInbound() {
        assertThat(rig.service.knowsDid("+12025550111")).isTrue();
        assertThat(rig.service.knowsDid("+12025550199")).isFalse();
        FakeLeg caller = fromTrunk("+12025550111", "+14155550000");
        FakeLeg bob = rig.port.awaitRung(C1, "201");
        assertThat(bob.shown).isEqualTo(new CallerId("+14155550000", "Outside Caller"));
        bob.pickUp();
        await().atMost(T).until(() -> caller.media.hears(bob.media));
        assertThat(caller.answers.get()).isEqualTo(1);
        ChannelEvent bridge = rig.awaitEvent(EventType.BRIDGE, e -> true);
        assertThat(bridge.direction()).isEqualTo("inbound");
        assertThat(bridge.caller().number()).isEqualTo("+14155550000");
        assertThat(bridge.caller().device()).isEqualTo(caller.device);
        caller.end(HangupCause.NORMAL);
        assertThat(bob.awaitHungUp()).isEqualTo(HangupCause.NORMAL);
        rig.awaitNoCalls();
        CallRecord record = rig.awaitRecord();
        assertThat(record.direction()).isEqualTo("inbound");
        assertThat(record.outsideNumber()).isEqualTo("+14155550000");
        assertThat(record.toNumber()).isEqualTo("+12025550111");
    }

    @Test
    void anUnansweredInboundCallEndsWithNoAnswerOnBothChannels() {
        FakeLeg caller = fromTrunk("+12025550111", "+14155550000");
        FakeLeg bob = rig.port.awaitRung(C1, "201");
        bob.ring();
        assertThat(bob.awaitHungUp()).isEqualTo(HangupCause.NO_ANSWER);
        assertThat(caller.awaitHungUp()).isEqualTo(HangupCause.NO_ANSWER);
        ChannelEvent dialEnd = rig.awaitEvent(EventType.DIAL_END, e -> true);
        assertThat(dialEnd.channel().dialStatus()).isEqualTo("no answer");
        assertThat(dialEnd.direction()).isEqualTo("inbound");
        ChannelEvent callerHangup = rig.awaitEvent(EventType.HANGUP, e -> e.channel().number().equals("+14155550000"));
        assertThat(callerHangup.channel().dialStatus()).isEqualTo("no answer");
    }

    @Test
    void aDidToARingGroupRingsItsMembersAndADidToASpotPicksUpTheCallParkedThere() {
        FakeLeg caller = fromTrunk("+12025550100", "+14155550000");
        FakeLeg member = rig.port.awaitRung(C1, "200");
        ChannelEvent begin = rig.awaitEvent(EventType.DIAL_BEGIN, e -> true);
        assertThat(begin.channel().number()).isEqualTo("600");
        assertThat(begin.channel().name()).isEqualTo("Sales");
        caller.end(HangupCause.CANCELLED);
        member.awaitHungUp();

        FakeLeg empty = fromTrunk("+12025550122", "+14155550001");
        assertThat(empty.awaitHungUp()).as("nobody is parked in 703").isEqualTo(HangupCause.NOT_FOUND);

        FakeLeg[] talking = rig.talking("200", "201");
        rig.service.park(C1, channel(talking[1]).channelId(), "703");
        talking[0].awaitHungUp();
        FakeLeg picker = fromTrunk("+12025550122", "+14155550002");
        await().atMost(T).until(() -> talking[1].media.hears(picker.media));
        assertThat(picker.answers.get()).isEqualTo(1);
        assertThat(rig.parkedIn("703")).isEmpty();
        ChannelEvent unpark = rig.awaitEvent(EventType.UNPARK, e -> true);
        assertThat(unpark.callee().number()).isEqualTo("+14155550002");
        picker.end(HangupCause.NORMAL);
        talking[1].awaitHungUp();
    }

    @Test
    void anInboundCallerIsTransferredToAnOutsideNumber() {
        FakeLeg caller = fromTrunk("+12025550111", "+14155550000");
        FakeLeg bob = rig.port.awaitRung(C1, "201");
        bob.pickUp();
        await().atMost(T).until(() -> caller.media.hears(bob.media));
        rig.service.blindTransfer(C1, channel(caller).channelId(), "+18005550199");
        assertThat(bob.awaitHungUp()).isEqualTo(HangupCause.NORMAL);
        FakeLeg outside = rig.port.awaitDialledOut("+18005550199");
        assertThat(outside.shown.number()).as("an outside caller is shown as the customer's number")
                .isEqualTo("+12025550100");
        outside.pickUp();
        await().atMost(T).until(() -> caller.media.hears(outside.media));
        caller.end(HangupCause.NORMAL);
        outside.awaitHungUp();
    }
}
