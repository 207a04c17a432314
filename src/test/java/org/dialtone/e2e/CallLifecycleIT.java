package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.dialtone.testing.AudioAnalysis;
import org.dialtone.testing.BaresipPhone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What happens to a live call over time: hold and resume, dead media, and the switch shutting down. */
class CallLifecycleIT {
    private static final Duration T = Duration.ofSeconds(10);
    private SwitchFixture sw;

    @AfterEach void stop() { if (sw != null) sw.close(); }

    private BaresipPhone[] connectedCall() {
        BaresipPhone alice = sw.registeredPhone("200", 440);
        BaresipPhone bob = sw.registeredPhone("201", 1000);
        alice.dialAndConnect("201", bob, T);
        return new BaresipPhone[] {alice, bob};
    }

    private void assertNothingLeft() {
        await().atMost(T).until(() -> sw.dialtone.calls().activeChannels() == 0);
        await().atMost(T).until(() -> sw.dialtone.sip().openDialogs() == 0);
        await().atMost(T).until(() -> sw.dialtone.media().activeEndpoints() == 0);
    }

    @Test
    void callWhoseAudioStopsIsHungUpAfterTheRtpTimeout() {
        sw = new SwitchFixture(Map.of("DIALTONE_RTP_TIMEOUT_SECONDS", "2"));
        BaresipPhone[] call = connectedCall();
        BaresipPhone alice = call[0];
        BaresipPhone bob = call[1];
        bob.awaitReceivedAudio(0.5, T);
        long frozenAt = System.nanoTime();
        bob.freeze(); // bob's phone dies silently: no BYE, no RTP
        try {
            var closed = alice.awaitEvent("CALL_CLOSED", T);
            assertThat(Duration.ofNanos(System.nanoTime() - frozenAt)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(closed.path("param").asText()).isNotBlank();
        } finally {
            bob.resume();
        }
        assertNothingLeft();
    }

    @Test
    void holdAndResumeKeepTheCallAndAudioFlowsAfterwards() {
        sw = new SwitchFixture(Map.of("DIALTONE_RTP_TIMEOUT_SECONDS", "2"));
        BaresipPhone[] call = connectedCall();
        BaresipPhone alice = call[0];
        BaresipPhone bob = call[1];
        alice.clearEvents();
        alice.command("hold", null);
        alice.awaitEvent("CALL_REMOTE_SDP", T);
        await().atMost(T).until(() -> sw.dialtone.calls().activeCalls() == 1);
        alice.clearEvents();
        alice.command("resume", null);
        alice.awaitEvent("CALL_REMOTE_SDP", T);
        bob.awaitReceivedAudio(3.0, T);
        assertThat(sw.dialtone.calls().activeCalls()).isEqualTo(1);
        alice.hangup();
        bob.awaitEvent("CALL_CLOSED", T);
        Path bobHeard = bob.awaitFinishedRecording(3.0, T);
        double end = AudioAnalysis.durationSeconds(bobHeard);
        assertThat(AudioAnalysis.peakFrequency(bobHeard, end - 1.0, 0.8))
                .as(AudioAnalysis.describe(bobHeard, end - 1.0, 0.8)).isCloseTo(440, offset(15.0));
        assertNothingLeft();
    }

    @Test
    void shutdownHangsUpActiveCallsWithBye() {
        sw = new SwitchFixture();
        BaresipPhone[] call = connectedCall();
        sw.dialtone.close();
        call[0].awaitEvent("CALL_CLOSED", T);
        call[1].awaitEvent("CALL_CLOSED", T);
        assertThat(sw.dialtone.calls().activeCalls()).isZero();
    }
}
