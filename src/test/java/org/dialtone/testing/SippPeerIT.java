package org.dialtone.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Self-test of the sipp driver without a switch: sipp and a baresip phone talk directly on 127.0.0.1. */
class SippPeerIT {
    private static final Duration T = Duration.ofSeconds(5);

    @Test
    void sipp_uas_answers_a_phone_and_the_phone_hears_600_hz() {
        Path ulaw = AudioAnalysis.writeUlawTone(TestDirs.newDir("media").resolve("tone600-ulaw.wav"), 600, 5, 0.5);
        try (Sipp uas = Sipp.scenario("uas-rtp.xml").rtpFile("uas-ulaw.wav", ulaw).calls(1)
                .timeout(Duration.ofSeconds(20)).start();
             BaresipPhone a = BaresipPhone.start(PhoneSpec.builder("erin").tone(440).build())) {
            a.dial(uas.uri("9000"));
            a.awaitEvent("CALL_ESTABLISHED", T);
            a.awaitReceivedAudio(2.0, Duration.ofSeconds(10));
            a.hangup();
            a.awaitEvent("CALL_CLOSED", T);

            Sipp.Result r = uas.await(Duration.ofSeconds(15));
            assertThat(r.exitCode()).as(r.summary()).isZero();
            assertThat(r.stats()).containsEntry("SuccessfulCall(C)", "1").containsEntry("FailedCall(C)", "0");

            Path heard = a.awaitFinishedRecording(1.5, T);
            assertThat(AudioAnalysis.peakFrequency(heard, 0.5, 1.0))
                    .as(AudioAnalysis.describe(heard, 0.5, 1.0)).isCloseTo(600, within(15.0));
            assertThat(AudioAnalysis.rms(heard, 0.5, 1.0)).isGreaterThan(0.05);
        }
    }

    @Test
    void sipp_uac_calls_a_phone_and_the_phone_hears_800_hz() {
        Path ulaw = AudioAnalysis.writeUlawTone(TestDirs.newDir("media").resolve("tone800-ulaw.wav"), 800, 5, 0.5);
        try (BaresipPhone b = BaresipPhone.start(PhoneSpec.builder("frank").tone(1000).build())) {
            Sipp.Result r = Sipp.scenario("uac-rtp.xml").remote("127.0.0.1:" + b.sipPort()).service("frank")
                    .rtpFile("uac-ulaw.wav", ulaw).calls(1).pause(Duration.ofMillis(2500))
                    .timeout(Duration.ofSeconds(15)).run();
            assertThat(r.exitCode()).as(r.summary()).isZero();
            assertThat(b.awaitEvent("CALL_ESTABLISHED", T).path("direction").asString()).isEqualTo("incoming");
            assertThat(b.awaitEvent("CALL_CLOSED", T).path("param").asString()).isEqualTo("Connection reset by peer");

            Path heard = b.awaitFinishedRecording(1.5, T);
            assertThat(AudioAnalysis.peakFrequency(heard, 0.5, 1.0))
                    .as(AudioAnalysis.describe(heard, 0.5, 1.0)).isCloseTo(800, within(15.0));
            assertThat(AudioAnalysis.rms(heard, 0.5, 1.0)).isGreaterThan(0.05);
        }
    }
}
