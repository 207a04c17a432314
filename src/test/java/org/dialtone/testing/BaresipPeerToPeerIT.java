package org.dialtone.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Self-test of the harness without a switch: two baresip phones without a registrar ({@code regint=0}) call each other
 * directly on 127.0.0.1, and each recording must carry the other phone's tone.
 */
class BaresipPeerToPeerIT {
    private static final Duration T = Duration.ofSeconds(5);

    @Test
    void phones_call_each_other_directly_and_each_hears_the_others_tone() {
        try (BaresipPhone a = BaresipPhone.start(PhoneSpec.builder("alice").tone(440).build());
             BaresipPhone b = BaresipPhone.start(PhoneSpec.builder("bob").tone(1000).build())) {
            assertThat(a.sipPort()).isNotEqualTo(b.sipPort()).isNotEqualTo(5060);

            a.dial(b.directUri());
            JsonNode ea = a.awaitEvent("CALL_ESTABLISHED", T);
            JsonNode eb = b.awaitEvent("CALL_ESTABLISHED", T);
            assertThat(ea.path("direction").asString()).isEqualTo("outgoing");
            assertThat(eb.path("direction").asString()).isEqualTo("incoming");
            assertThat(eb.path("id").asString()).as("same dialog, no B2BUA in between").isEqualTo(ea.path("id").asString());
            assertThat(ea.path("peeruri").asString()).contains("bob@127.0.0.1:" + b.sipPort());

            a.awaitReceivedAudio(2.5, Duration.ofSeconds(10));
            b.awaitReceivedAudio(2.5, Duration.ofSeconds(10));
            a.hangup();
            assertThat(b.awaitEvent("CALL_CLOSED", T).path("param").asString()).isEqualTo("Connection reset by peer");
            a.awaitEvent("CALL_CLOSED", T);

            Path heardByB = b.awaitFinishedRecording(2.0, T);
            Path heardByA = a.awaitFinishedRecording(2.0, T);
            assertThat(AudioAnalysis.peakFrequency(heardByB, 0.5, 1.5))
                    .as(AudioAnalysis.describe(heardByB, 0.5, 1.5)).isCloseTo(440, within(15.0));
            assertThat(AudioAnalysis.peakFrequency(heardByA, 0.5, 1.5))
                    .as(AudioAnalysis.describe(heardByA, 0.5, 1.5)).isCloseTo(1000, within(15.0));
            assertThat(AudioAnalysis.rms(heardByB, 0.5, 1.5)).isGreaterThan(0.05);
            assertThat(AudioAnalysis.rms(heardByA, 0.5, 1.5)).isGreaterThan(0.05);
            assertThat(AudioAnalysis.hasTone(heardByB, 1000, 15)).as("B must not hear itself").isFalse();
        }
    }

    @Test
    void manual_answer_reject_gives_486_and_accept_connects() {
        try (BaresipPhone a = BaresipPhone.start(PhoneSpec.builder("carol").tone(440).build());
             BaresipPhone b = BaresipPhone.start(PhoneSpec.builder("dave").tone(2000).manualAnswer().build())) {
            a.dial(b.directUri());
            JsonNode incoming = b.awaitEvent("CALL_INCOMING", T);
            assertThat(incoming.path("peeruri").asString()).contains("carol@127.0.0.1");
            b.hangup(); // on a ringing call = reject
            assertThat(a.awaitEvent("CALL_CLOSED", T).path("param").asString()).contains("486");

            a.clearEvents();
            b.clearEvents();
            a.dial(b.directUri());
            b.awaitEvent("CALL_INCOMING", T);
            b.accept();
            a.awaitEvent("CALL_ESTABLISHED", T);
            b.awaitEvent("CALL_ESTABLISHED", T);
            b.hangup();
            assertThat(a.awaitEvent("CALL_CLOSED", T).path("param").asString()).isEqualTo("Connection reset by peer");
        }
    }
}
