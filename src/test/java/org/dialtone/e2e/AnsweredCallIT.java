package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dialtone.core.call.CallRecord;
import org.dialtone.core.event.ChannelEvent;
import org.dialtone.core.event.PartyInfo;
import org.dialtone.testing.AudioAnalysis;
import org.dialtone.testing.BaresipPhone;
import org.dialtone.testing.PhoneSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Answered calls: who hangs up, over which transport, and the exact events an API client receives. */
class AnsweredCallIT {
    private static final Duration T = Duration.ofSeconds(10);
    private SwitchFixture sw;

    @BeforeEach void start() { sw = new SwitchFixture(); }

    @AfterEach void stop() { sw.closeCheckingNoLeak(); }

    @Test
    void callerHangingUpAfterAnswerEndsBothSides() {
        BaresipPhone alice = sw.registeredPhone("200", 440);
        BaresipPhone bob = sw.registeredPhone("201", 1000);

        alice.dialAndConnect("201", bob, T);
        alice.awaitReceivedAudio(1.5, T);
        bob.awaitReceivedAudio(1.5, T);
        alice.hangup();

        JsonAssert.closedByRemote(bob.awaitEvent("CALL_CLOSED", T));
        assertHeard(alice, 1000);
        assertHeard(bob, 440);
        List<ChannelEvent> events = sw.events.awaitHangups(2, T);
        CallRecord record = sw.awaitCallRecord("1000001", events.get(0).linkedId());
        assertThat(record.disposition()).isEqualTo("answered");
        assertThat(record.answerTime()).isNotNull();
        assertThat(record.endTime()).isAfterOrEqualTo(record.answerTime());
    }

    @Test
    void registrationAndCallOverTcpCarryAudioBothWays() {
        BaresipPhone alice = sw.registeredPhone(sw.spec("200", 440).transport(PhoneSpec.Transport.TCP));
        BaresipPhone bob = sw.registeredPhone(sw.spec("201", 1000).transport(PhoneSpec.Transport.TCP));

        alice.dialAndConnect("201", bob, T);
        alice.awaitReceivedAudio(1.5, T);
        bob.awaitReceivedAudio(1.5, T);
        bob.hangup();
        JsonAssert.closedByRemote(alice.awaitEvent("CALL_CLOSED", T));

        assertHeard(alice, 1000);
        assertHeard(bob, 440);
        assertThat(sw.events.awaitHangups(2, T)).hasSize(5);
    }

    @Test
    void answeredCallPublishesTheDocumentedEventsWithEveryAttribute() {
        BaresipPhone alice = sw.registeredPhone("200", 440);
        BaresipPhone bob = sw.registeredPhone("201", 1000);

        alice.dialAndConnect("201", bob, T);
        bob.hangup();
        alice.awaitEvent("CALL_CLOSED", T);

        List<ChannelEvent> events = sw.events.awaitHangups(2, T);
        assertThat(UnansweredCallIT.types(events)).as(sw.events.describe())
                .containsExactly("dial_begin", "dial_end", "bridge", "hangup", "hangup");
        ChannelEvent begin = events.get(0);
        ChannelEvent end = events.get(1);
        ChannelEvent bridge = events.get(2);
        String callerChannel = bridge.caller().channelId();
        String calleeChannel = begin.callee().channelId();
        String linkedId = bridge.uniqueId(); // the bridge is about the caller, whose unique_id is the linked_id

        double previousTime = 0;
        for (ChannelEvent e : events) {
            String what = e.type().wire() + " " + e;
            assertThat(e.linkedId()).as(what).isEqualTo(linkedId);
            assertThat(e.uniqueId()).as(what).matches("\\d+\\.\\d{6}");
            assertThat(e.direction()).as(what).isEqualTo("internal");
            assertThat(e.customerCode()).as(what).isEqualTo("1000001");
            assertThat(e.eventTime()).as(what).isGreaterThanOrEqualTo(previousTime);
            previousTime = e.eventTime();
            assertThat(e.caller().number()).as(what).isEqualTo("200");
            assertThat(e.caller().name()).as(what).isEqualTo("Alice");
            assertThat(e.caller().device()).as(what).isEqualTo("200");
            assertThat(e.caller().channelId()).as(what).isEqualTo(callerChannel);
            assertThat(e.callee().number()).as(what).isEqualTo("201");
            assertThat(e.callee().name()).as(what).isEqualTo("Bob");
            assertThat(e.callee().device()).as(what).isEqualTo("201");
            assertThat(e.callee().channelId()).as(what).isEqualTo(calleeChannel);
            boolean aboutCaller = e.channel().channelId().equals(callerChannel);
            assertThat(e.channel()).as(what).isEqualTo(aboutCaller ? e.caller() : e.callee());
            assertThat(e.uniqueId().equals(linkedId)).as(what + ": unique_id is the subject's").isEqualTo(aboutCaller);
        }
        assertThat(callerChannel).isNotEqualTo(calleeChannel);
        assertThat(begin.uniqueId()).isNotEqualTo(linkedId);

        PartyInfo ringing = begin.channel();
        assertThat(ringing.channelId()).isEqualTo(calleeChannel);
        assertThat(ringing.state()).isIn("ringing", "down");
        assertThat(ringing.dialStatus()).isNull();
        assertThat(ringing.answeredTime()).isNull();
        assertThat(begin.caller().state()).isEqualTo("ringing");

        assertThat(end.channel().channelId()).isEqualTo(calleeChannel);
        assertThat(end.channel().dialStatus()).isEqualTo("answer");
        assertThat(end.channel().state()).isEqualTo("up");
        assertThat(end.channel().answeredTime()).isNotNull().isGreaterThanOrEqualTo(begin.eventTime() - 0.001)
                .isLessThanOrEqualTo(end.eventTime() + 0.001);

        assertThat(bridge.channel().channelId()).isEqualTo(callerChannel);
        assertThat(bridge.caller().state()).isEqualTo("up");
        assertThat(bridge.caller().answeredTime()).isNotNull();
        assertThat(bridge.caller().connectedNumber()).isEqualTo("201");
        assertThat(bridge.caller().connectedName()).isEqualTo("Bob");
        assertThat(bridge.callee().connectedNumber()).isEqualTo("200");
        assertThat(bridge.callee().connectedName()).isEqualTo("Alice");
        assertThat(bridge.callee().state()).isEqualTo("up");

        assertThat(events.subList(3, 5)).extracting(e -> e.channel().channelId())
                .containsExactlyInAnyOrder(callerChannel, calleeChannel);
        assertThat(events.subList(3, 5)).allSatisfy(e -> assertThat(e.channel().state()).isEqualTo("hangup"));
    }

    private static void assertHeard(BaresipPhone phone, int hz) {
        Path heard = phone.awaitFinishedRecording(1.5, T);
        assertThat(AudioAnalysis.peakFrequency(heard, 0.5, 1.0)).as(phone + ": " + AudioAnalysis.describe(heard, 0.5, 1.0))
                .isCloseTo(hz, offset(15.0));
        assertThat(AudioAnalysis.rms(heard, 0.5, 1.0)).isGreaterThan(0.05);
    }

    /** What baresip reports in CALL_CLOSED. */
    static final class JsonAssert {
        static void closedByRemote(tools.jackson.databind.JsonNode closed) {
            assertThat(closed.path("param").asString()).as("CALL_CLOSED reason").contains("Connection reset by peer");
        }
    }
}
