package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.dialtone.testing.AudioAnalysis;
import org.dialtone.testing.BaresipPhone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two real phones register and call each other through Dialtone; both hear each other. */
class BasicCallIT {
    private static final Duration T = Duration.ofSeconds(10);
    private SwitchFixture sw;

    @BeforeEach void start() { sw = new SwitchFixture(); }
    @AfterEach void stop() { sw.close(); }

    @Test
    void twoPhonesTalkThroughTheSwitchAndHangupEndsBoth() {
        BaresipPhone alice = sw.registeredPhone("200", 440);
        BaresipPhone bob = sw.registeredPhone("201", 1000);

        var incoming = alice.dialAndConnect("201", bob, T);
        assertThat(incoming.path("peeruri").asText()).contains("200");

        bob.awaitReceivedAudio(2.5, T);
        alice.awaitReceivedAudio(2.5, T);
        bob.hangup();
        alice.awaitEvent("CALL_CLOSED", T);

        Path bobHeard = bob.awaitFinishedRecording(2.0, T);
        Path aliceHeard = alice.awaitFinishedRecording(2.0, T);
        assertThat(AudioAnalysis.peakFrequency(bobHeard, 1.0, 1.0)).as(AudioAnalysis.describe(bobHeard, 1.0, 1.0))
                .isCloseTo(440, offset(15.0));
        assertThat(AudioAnalysis.peakFrequency(aliceHeard, 1.0, 1.0)).as(AudioAnalysis.describe(aliceHeard, 1.0, 1.0))
                .isCloseTo(1000, offset(15.0));
        assertThat(AudioAnalysis.rms(bobHeard, 1.0, 1.0)).isGreaterThan(0.05);
        assertThat(AudioAnalysis.rms(aliceHeard, 1.0, 1.0)).isGreaterThan(0.05);
        await().atMost(T).until(() -> sw.dialtone.calls().activeChannels() == 0);
        await().atMost(T).until(() -> sw.dialtone.sip().openDialogs() == 0);
        assertThat(sw.dialtone.media().activeEndpoints()).isZero();
    }

    @Test
    void phonesWithDifferentCodecsHearEachOtherClearlyThroughTranscoding() {
        BaresipPhone alice = sw.phone(sw.spec("200", 440).codecs("PCMA"));
        BaresipPhone bob = sw.phone(sw.spec("201", 1000).codecs("PCMU"));
        alice.awaitRegistered(T);
        bob.awaitRegistered(T);

        alice.dialAndConnect("201", bob, T);
        bob.awaitReceivedAudio(2.5, T);
        alice.awaitReceivedAudio(2.5, T);
        alice.hangup();
        bob.awaitEvent("CALL_CLOSED", T);

        assertClean(bob.awaitFinishedRecording(2.0, T), 440);
        assertClean(alice.awaitFinishedRecording(2.0, T), 1000);
        await().atMost(T).until(() -> sw.dialtone.media().activeEndpoints() == 0);
    }

    /** The tone is there and undistorted: A-law bytes played as μ-law (no transcoding) would smear it into noise. */
    private static void assertClean(Path heard, double hz) {
        String what = AudioAnalysis.describe(heard, 1.0, 1.0);
        assertThat(AudioAnalysis.peakFrequency(heard, 1.0, 1.0)).as(what).isCloseTo(hz, offset(15.0));
        double fundamental = AudioAnalysis.toneAmplitude(heard, 1.0, 1.0, hz);
        double thirdHarmonic = AudioAnalysis.toneAmplitude(heard, 1.0, 1.0, 3 * hz);
        assertThat(thirdHarmonic).as(what).isLessThan(0.05 * fundamental);
    }
}
