package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dialtone.e2e.TrunkCallSupport.OUTSIDE_CALLER_HZ;
import static org.dialtone.e2e.TrunkCallSupport.T;
import static org.dialtone.e2e.TrunkCallSupport.UNIQUE_ID;
import static org.dialtone.e2e.TrunkCallSupport.UUID;
import static org.dialtone.e2e.TrunkCallSupport.assertOk;
import static org.dialtone.e2e.TrunkCallSupport.assertTone;
import static org.dialtone.e2e.TrunkCallSupport.didCall;
import static org.dialtone.e2e.TrunkCallSupport.didRefused;
import static org.dialtone.e2e.TrunkFixture.CARRIER1;
import static org.dialtone.e2e.TrunkFixture.MAIN_NUMBER;
import static org.dialtone.e2e.TrunkFixture.OUTSIDE_CALLER;
import static org.dialtone.e2e.TrunkFixture.OUTSIDE_CALLER_NAME;

import java.time.Duration;
import java.util.List;
import org.dialtone.core.event.ChannelEvent;
import org.dialtone.core.event.EventType;
import org.dialtone.core.event.PartyInfo;
import org.dialtone.testing.BaresipPhone;
import org.dialtone.testing.Sipp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The main number {@value TrunkFixture#MAIN_NUMBER} is ring group 600 "Sales" (extensions 200 and 201): a call from
 * carrier1 rings both; the first to answer gets it, the other stops ringing. Nobody answering within the group's
 * own ring timeout ends the call with {@code no answer}, which the event stream reports with every attribute.
 */
class TrunkRingGroupIT {
    private static final int GROUP_RING_TIMEOUT_SECONDS = 3;
    private TrunkFixture t;

    @AfterEach
    void stop() {
        if (t != null) t.closeCheckingNoLeak();
    }

    @Test
    void bothMembersRingAndTheFirstToAnswerTakesTheCall() {
        t = TrunkFixture.start();
        BaresipPhone alice = t.sw.registeredPhone(t.sw.spec("200", 1500).manualAnswer());
        BaresipPhone bob = t.sw.registeredPhone(t.sw.spec("201", 1000).manualAnswer());
        try (Sipp carrier = didCall(t, CARRIER1, MAIN_NUMBER, Duration.ofMillis(1500)).start()) {
            alice.awaitEvent("CALL_INCOMING", T);
            bob.awaitEvent("CALL_INCOMING", T);
            bob.accept();
            bob.awaitEvent("CALL_ESTABLISHED", T);
            alice.awaitEvent("CALL_CLOSED", T); // 200 stops ringing
            assertOk(carrier.await(Duration.ofSeconds(15)));
        }
        bob.awaitEvent("CALL_CLOSED", T);
        assertTone(bob.awaitFinishedRecording(2.5, T), 0.3, 0.8, OUTSIDE_CALLER_HZ);
        assertThat(alice.eventHistory()).noneMatch(e -> e.startsWith("CALL_ESTABLISHED"));

        ChannelEvent answered = t.sw.events.await(EventType.DIAL_END, e -> "answer".equals(e.channel().dialStatus()), T);
        assertThat(answered.channel().device()).as("the member that answered").isEqualTo("201");
        assertThat(answered.direction()).isEqualTo("inbound");
        assertThat(answered.caller().number()).isEqualTo(OUTSIDE_CALLER);
        t.sw.events.awaitHangups(2, T);
    }

    @Test
    void nobodyAnsweringEndsTheCallWithNoAnswerInEveryEventAttribute() {
        t = TrunkFixture.builder().ringGroupTimeoutSeconds(GROUP_RING_TIMEOUT_SECONDS).start();
        BaresipPhone alice = t.sw.registeredPhone(t.sw.spec("200", 1500).manualAnswer());
        BaresipPhone bob = t.sw.registeredPhone(t.sw.spec("201", 1000).manualAnswer());
        double before = System.currentTimeMillis() / 1000.0;
        try (Sipp carrier = didRefused(t, t.carrier(CARRIER1).host(), MAIN_NUMBER, 480).start()) {
            alice.awaitEvent("CALL_INCOMING", T);
            bob.awaitEvent("CALL_INCOMING", T);
            alice.awaitEvent("CALL_CLOSED", T);
            bob.awaitEvent("CALL_CLOSED", T);
            assertOk(carrier.await(T)); // the carrier got 480 and ACKed it
        }
        double after = System.currentTimeMillis() / 1000.0;
        assertThat(after - before).as("the group's ring timeout (3 s), not the switch's (8 s)")
                .isBetween(GROUP_RING_TIMEOUT_SECONDS - 0.5, GROUP_RING_TIMEOUT_SECONDS + 4.0);

        List<ChannelEvent> events = t.sw.events.awaitHangups(2, T);
        assertThat(UnansweredCallIT.types(events)).as(t.sw.events.describe())
                .containsExactly("dial_begin", "dial_end", "hangup", "hangup");
        ChannelEvent begin = events.get(0);
        ChannelEvent end = events.get(1);
        ChannelEvent callerHangup = UnansweredCallIT.callerHangup(events);
        String linkedId = callerHangup.uniqueId(); // the caller's channel is the call's first
        String callerChannel = callerHangup.channel().channelId();
        String groupChannel = end.channel().channelId();

        double previous = before;
        for (ChannelEvent e : events) {
            String what = e.type().wire() + " " + e;
            assertThat(e.linkedId()).as(what).isEqualTo(linkedId);
            assertThat(e.uniqueId()).as(what).matches(UNIQUE_ID);
            assertThat(e.eventTime()).as(what).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(after);
            previous = e.eventTime();
            assertThat(e.direction()).as(what).isEqualTo("inbound");
            assertThat(e.customerCode()).as(what).isEqualTo("1000001");
            assertThat(e.caller().channelId()).as(what).isEqualTo(callerChannel);
            assertThat(e.channel()).as(what).isEqualTo(e.uniqueId().equals(linkedId) ? e.caller() : e.callee());
        }
        assertThat(callerChannel).matches(UUID);
        assertThat(groupChannel).matches(UUID).isNotEqualTo(callerChannel);
        assertThat(begin.uniqueId()).isNotEqualTo(linkedId);

        // dial_begin: the group starts ringing
        assertThat(begin.channel().channelId()).isEqualTo(groupChannel);
        assertCaller(begin.caller(), "ringing", null);
        assertGroup(begin.callee(), "down", null);

        // dial_end: nobody answered
        assertThat(end.channel().channelId()).isEqualTo(groupChannel);
        assertThat(end.uniqueId()).isEqualTo(begin.uniqueId());
        assertCaller(end.caller(), "ringing", null);
        assertGroup(end.channel(), "hangup", "no answer");

        // the group's channel hangs up first, then the caller's, released with the same status
        assertThat(events.get(2).channel().channelId()).isEqualTo(groupChannel);
        assertGroup(events.get(2).channel(), "hangup", "no answer");
        assertThat(events.get(3)).isSameAs(callerHangup);
        assertCaller(callerHangup.channel(), "hangup", "no answer");
        // whom the caller did not reach: the group as dialled (a channel that is gone, or none: as for an internal
        // call that nobody answered, where the callee of the caller's hangup is a snapshot of the dialled number)
        PartyInfo unreached = callerHangup.callee();
        assertThat(unreached.number()).as("callee of the caller's hangup " + unreached).isIn("600", MAIN_NUMBER);
        assertThat(unreached.channelId()).as("callee of the caller's hangup " + unreached).isIn(null, groupChannel);
        assertThat(unreached.dialStatus()).isEqualTo("no answer");
        assertThat(unreached.answeredTime()).isNull();
        assertNotConnected(unreached);

        var record = t.sw.awaitCallRecord("1000001", linkedId);
        assertThat(record.disposition()).isEqualTo("no answer");
        assertThat(record.direction()).isEqualTo("inbound");
        assertThat(record.answerTime()).isNull();
    }

    /** The outside caller: number and name as the carrier sent them, carrier1 as device, never answered. */
    private static void assertCaller(PartyInfo p, String state, String dialStatus) {
        assertThat(p.state()).as("caller state " + p).isEqualTo(state);
        assertThat(p.number()).isEqualTo(OUTSIDE_CALLER);
        assertThat(p.name()).isEqualTo(OUTSIDE_CALLER_NAME);
        assertThat(p.device()).isEqualTo(CARRIER1);
        assertThat(p.answeredTime()).as("answered_time").isNull();
        assertThat(p.dialStatus()).as("dial_status " + p).isEqualTo(dialStatus);
        assertNotConnected(p);
    }

    /** The ring group's channel: number and name of the group; its device is a member's phone (or none yet). */
    private static void assertGroup(PartyInfo p, String state, String dialStatus) {
        if (state.equals("down")) assertThat(p.state()).as("group state " + p).isIn("down", "ringing");
        else assertThat(p.state()).as("group state " + p).isEqualTo(state);
        assertThat(p.number()).isEqualTo("600");
        assertThat(p.name()).isEqualTo("Sales");
        assertThat(p.device()).as("device " + p).isIn(null, "200", "201");
        assertThat(p.answeredTime()).as("answered_time").isNull();
        assertThat(p.dialStatus()).as("dial_status " + p).isEqualTo(dialStatus);
        assertNotConnected(p);
    }

    private static void assertNotConnected(PartyInfo p) {
        assertThat(p.connectedName()).as("connected_name " + p).isNull();
        assertThat(p.connectedNumber()).as("connected_number " + p).isNull();
        assertThat(p.connectedDevice()).as("connected_device " + p).isNull();
    }
}
