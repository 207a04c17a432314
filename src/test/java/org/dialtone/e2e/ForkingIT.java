package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dialtone.core.event.ChannelEvent;
import org.dialtone.core.event.EventType;
import org.dialtone.testing.AudioAnalysis;
import org.dialtone.testing.BaresipPhone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One extension with two phones: both ring, the first to answer gets the call, the other stops ringing. */
class ForkingIT {
    private static final Duration T = Duration.ofSeconds(10);
    private SwitchFixture sw;

    @BeforeEach void start() { sw = new SwitchFixture(); }

    @AfterEach void stop() { sw.closeCheckingNoLeak(); }

    @Test
    void bothDevicesRingTheOneThatAnswersTalksTheOtherIsCancelled() {
        BaresipPhone alice = sw.registeredPhone("200", 440);
        BaresipPhone desk = sw.registeredPhone(sw.spec("201", 1000).manualAnswer());
        BaresipPhone mobile = sw.registeredPhone(sw.spec("201", 1500).manualAnswer());
        assertThat(sw.dialtone.sip().registrations()).isEqualTo(3);

        alice.dial("201");
        desk.awaitEvent("CALL_INCOMING", T);
        mobile.awaitEvent("CALL_INCOMING", T);
        sw.events.awaitMatching(e -> e.type() == EventType.DIAL_BEGIN, 1, T);
        mobile.accept();

        mobile.awaitEvent("CALL_ESTABLISHED", T);
        alice.awaitEvent("CALL_ESTABLISHED", T);
        String deskClosed = desk.awaitEvent("CALL_CLOSED", T).path("param").asString();
        assertThat(deskClosed).doesNotContain("486");
        alice.awaitReceivedAudio(1.5, T);
        mobile.awaitReceivedAudio(1.5, T);
        alice.hangup();
        mobile.awaitEvent("CALL_CLOSED", T);

        Path aliceHeard = alice.awaitFinishedRecording(1.5, T);
        assertThat(AudioAnalysis.peakFrequency(aliceHeard, 0.5, 1.0)).as(AudioAnalysis.describe(aliceHeard, 0.5, 1.0))
                .isCloseTo(1500, offset(15.0));
        Path mobileHeard = mobile.awaitFinishedRecording(1.5, T);
        assertThat(AudioAnalysis.peakFrequency(mobileHeard, 0.5, 1.0)).isCloseTo(440, offset(15.0));

        // the extension is one channel whatever the number of its devices: the API and the events see one callee
        List<ChannelEvent> events = sw.events.awaitHangups(2, T);
        assertThat(UnansweredCallIT.types(events)).as(sw.events.describe())
                .containsExactly("dial_begin", "dial_end", "bridge", "hangup", "hangup");
        assertThat(events.get(1).channel().dialStatus()).isEqualTo("answer");
        assertThat(events.get(1).channel().device()).isEqualTo("201");
        ChannelEvent bridge = events.get(2);
        assertThat(bridge.callee().channelId()).isEqualTo(events.get(0).channel().channelId());
        assertThat(sw.awaitCallRecord("1000001", bridge.linkedId()).disposition()).isEqualTo("answered");
    }
}
