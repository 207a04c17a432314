package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.dialtone.core.call.CallRecord;
import org.dialtone.core.event.ChannelEvent;
import org.dialtone.core.event.EventType;
import org.dialtone.testing.BaresipPhone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Calls that end before anyone talks, as the caller, the callee's phone, the event stream and the call records see
 * them: busy, no answer, caller gives up, unknown number, extension without a device.
 */
class UnansweredCallIT {
    private static final Duration T = Duration.ofSeconds(10);
    private static final int RING_TIMEOUT_SECONDS = 3;
    private SwitchFixture sw;

    @BeforeEach void start() { sw = SwitchFixture.withRingTimeout(RING_TIMEOUT_SECONDS); }

    @AfterEach void stop() { sw.closeCheckingNoLeak(); }

    @Test
    void calleeRejectingTheCallMakesTheCallerHearBusy() {
        BaresipPhone alice = sw.registeredPhone("200", 440);
        BaresipPhone bob = sw.registeredPhone(sw.spec("201", 1000).manualAnswer());

        alice.dial("201");
        bob.awaitEvent("CALL_INCOMING", T);
        bob.hangup(); // baresip rejects a ringing call with 486

        JsonNode closed = alice.awaitEvent("CALL_CLOSED", T);
        assertThat(closed.path("param").asString()).contains("486");

        List<ChannelEvent> events = assertEndedUnanswered("busy");
        assertThat(events.get(1).channel().number()).isEqualTo("201");
        assertThat(hungUpNumbers(events)).containsExactlyInAnyOrder("200", "201");

        CallRecord record = sw.awaitCallRecord("1000001", events.get(0).linkedId());
        assertThat(record.answerTime()).isNull();
        assertThat(record.fromNumber()).isEqualTo("200");
        assertThat(record.toNumber()).isEqualTo("201");
    }

    @Test
    void calleeAlreadyInACallWithMaxCallsOneIsBusy() {
        BaresipPhone alice = sw.registeredPhone("200", 440);
        BaresipPhone bob = sw.registeredPhone(sw.spec("201", 1000).maxCalls(1));
        BaresipPhone carol = sw.registeredPhone("202", 2000);

        carol.dial("201");
        carol.awaitEvent("CALL_ESTABLISHED", T);
        bob.awaitEvent("CALL_ESTABLISHED", T);
        sw.events.awaitMatching(e -> e.type() == EventType.BRIDGE, 1, T);

        alice.dial("201");
        JsonNode closed = alice.awaitEvent("CALL_CLOSED", T);
        assertThat(closed.path("param").asString()).contains("486");
        assertThat(sw.events.awaitHangups(2, T)).filteredOn(e -> e.type() == EventType.DIAL_END)
                .extracting(e -> e.channel().dialStatus()).containsExactly("answer", "busy");

        // the first call is unharmed, and ends normally
        assertThat(bob.queuedEvents("CALL_CLOSED")).isEmpty();
        carol.hangup();
        bob.awaitEvent("CALL_CLOSED", T);
        sw.events.awaitHangups(4, T);
    }

    @Test
    void calleeDecliningWith603IsPassedOnToTheCaller() {
        BaresipPhone alice = sw.registeredPhone("200", 440);
        try (DecliningDevice bob = new DecliningDevice(sw.dialtone.sipPort(), "201", SwitchFixture.password("201"))) {
            bob.register(); // baresip 1.0's hangup can only send 486, so a minimal SIP device says 603

            alice.dial("201");
            assertThat(bob.declineNextInvite(T)).contains("From: \"Alice\"");
            JsonNode closed = alice.awaitEvent("CALL_CLOSED", T);
            assertThat(closed.path("param").asString()).contains("603");

            List<ChannelEvent> events = sw.events.awaitHangups(2, T);
            assertThat(types(events)).as(sw.events.describe())
                    .containsExactly("dial_begin", "dial_end", "hangup", "hangup");
            // the event vocabulary has no "rejected": a declined call reports busy, as a rejected one does
            assertThat(events.get(1).channel().dialStatus()).isEqualTo("busy");
            assertThat(sw.awaitCallRecord("1000001", events.get(0).linkedId()).disposition()).isEqualTo("busy");
        }
    }

    @Test
    void unansweredCallEndsAtTheRingTimeoutWith480() {
        BaresipPhone alice = sw.registeredPhone("200", 440);
        BaresipPhone bob = sw.registeredPhone(sw.spec("201", 1000).manualAnswer());

        long dialled = System.nanoTime();
        alice.dial("201");
        bob.awaitEvent("CALL_INCOMING", T);

        JsonNode closed = alice.awaitEvent("CALL_CLOSED", T);
        double rang = (System.nanoTime() - dialled) / 1e9;
        assertThat(closed.path("param").asString()).contains("480");
        assertThat(rang).as("seconds until the caller was released").isBetween(RING_TIMEOUT_SECONDS - 0.5, RING_TIMEOUT_SECONDS + 3.0);
        bob.awaitEvent("CALL_CLOSED", T); // the callee's phone stops ringing (CANCEL)

        assertEndedUnanswered("no answer");
    }

    @Test
    void callerHangingUpWhileItRingsCancelsTheCallee() {
        BaresipPhone alice = sw.registeredPhone("200", 440);
        BaresipPhone bob = sw.registeredPhone(sw.spec("201", 1000).manualAnswer());

        alice.dial("201");
        bob.awaitEvent("CALL_INCOMING", T);
        alice.awaitEvent("CALL_PROGRESS", T); // our 180 with ringback arrived: baresip can CANCEL now
        alice.hangup();

        JsonNode calleeClosed = bob.awaitEvent("CALL_CLOSED", T);
        assertThat(calleeClosed.path("param").asString()).doesNotContain("486");

        assertEndedUnanswered("cancel");
    }

    @Test
    void unknownNumberGets404AndNobodyRings() {
        BaresipPhone alice = sw.registeredPhone("200", 440);
        BaresipPhone bob = sw.registeredPhone(sw.spec("201", 1000).manualAnswer());

        alice.dial("999");
        JsonNode closed = alice.awaitEvent("CALL_CLOSED", T);
        assertThat(closed.path("param").asString()).contains("404");

        List<ChannelEvent> events = sw.events.awaitHangups(1, T);
        assertThat(types(events)).containsExactly("hangup");
        assertThat(events.get(0).channel().number()).isEqualTo("200");
        assertThat(events.get(0).callee().number()).isEqualTo("999");
        assertThat(bob.eventHistory()).noneMatch(e -> e.startsWith("CALL_"));
        assertThat(sw.awaitCallRecord("1000001", events.get(0).linkedId()).disposition()).isEqualTo("unavailable");
    }

    @Test
    void extensionWithoutARegisteredPhoneGets480() {
        BaresipPhone alice = sw.registeredPhone("200", 440);

        alice.dial("202");
        JsonNode closed = alice.awaitEvent("CALL_CLOSED", T);
        assertThat(closed.path("param").asString()).contains("480");

        List<ChannelEvent> events = sw.events.awaitHangups(1, T);
        assertThat(types(events)).containsExactly("hangup");
        assertThat(events.get(0).channel().dialStatus()).isEqualTo("unavailable");
        assertThat(events.get(0).callee().number()).isEqualTo("202");
        assertThat(events.get(0).callee().name()).isEqualTo("Carol");
    }

    static List<String> types(List<ChannelEvent> events) {
        return events.stream().map(e -> e.type().wire()).toList();
    }

    /**
     * The call ended without answer: dial_begin, dial_end, two hangups, the callee's dial_end and the caller's hangup
     * both with {@code dialStatus}, and the call record's disposition the same. Returns the events.
     */
    private List<ChannelEvent> assertEndedUnanswered(String dialStatus) {
        List<ChannelEvent> events = sw.events.awaitHangups(2, T);
        assertThat(types(events)).as(sw.events.describe())
                .containsExactly("dial_begin", "dial_end", "hangup", "hangup");
        assertThat(events.get(1).channel().dialStatus()).isEqualTo(dialStatus);
        assertThat(callerHangup(events).channel().dialStatus()).isEqualTo(dialStatus);
        assertThat(sw.awaitCallRecord("1000001", events.get(0).linkedId()).disposition()).isEqualTo(dialStatus);
        return events;
    }

    static List<String> hungUpNumbers(List<ChannelEvent> events) {
        return events.stream().filter(e -> e.type() == EventType.HANGUP).map(e -> e.channel().number()).toList();
    }

    static ChannelEvent callerHangup(List<ChannelEvent> events) {
        return events.stream().filter(e -> e.type() == EventType.HANGUP && e.uniqueId().equals(e.linkedId()))
                .findFirst().orElseThrow(() -> new AssertionError("no hangup of the caller's channel"));
    }
}
