package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.dialtone.testing.AudioAnalysis;
import org.dialtone.testing.BaresipPhone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, media: nobody but the call's own phones can take over its RTP, and no SDP can aim the switch's RTP at a
 * host name.
 */
class MediaSecurityIT {
    private static final Duration T = Duration.ofSeconds(10);
    private static final String REJECTED = "dialtone_rtp_packets_rejected_total";
    private SwitchFixture sw;

    @BeforeEach void start() { sw = new SwitchFixture(); }

    @AfterEach void stop() { sw.closeCheckingNoLeak(); }

    @Test
    void aSprayerHittingEveryRtpPortBeforeAndDuringACallNeitherHearsItNorSilencesIt() {
        BaresipPhone alice = sw.registeredPhone("200", 440);
        BaresipPhone bob = sw.registeredPhone(sw.spec("201", 1000).manualAnswer());
        RtpSprayer sprayer = new RtpSprayer("127.0.0.5", "127.0.0.1", sw.rtpPortMin, sw.rtpPortMin + 99,
                Duration.ofSeconds(60));
        try (sprayer) {
            sprayer.start();
            await("the sprayer sweeps the range before the call").atMost(T).until(() -> sprayer.sweeps() >= 3);

            alice.dial("201");
            bob.awaitEvent("CALL_INCOMING", T); // both legs' RTP endpoints exist now (the INVITE carries bob's)
            long sweeps = sprayer.sweeps();
            await("the sprayer hits both endpoints before bob answers").atMost(T)
                    .until(() -> sprayer.sweeps() >= sweeps + 3);
            bob.accept();
            bob.awaitEvent("CALL_ESTABLISHED", T);
            alice.awaitEvent("CALL_ESTABLISHED", T);
            alice.awaitReceivedAudio(1.5, T);
            bob.awaitReceivedAudio(1.5, T);
            alice.hangup();
            bob.awaitEvent("CALL_CLOSED", T);
            assertThat(sprayer.failure()).isNull();
        }
        assertHeard(alice, 1000);
        assertHeard(bob, 440);
        assertThat(sprayer.bytesReceived()).as("bytes the switch sent to the sprayer (%d packets sprayed)",
                sprayer.packetsSent()).isZero();
        // the sprayer really hit the call's two endpoints (only they count packets), every 100 ms for 1.5 s or more
        assertThat(metric(REJECTED)).isGreaterThanOrEqualTo(20);
    }

    @Test
    void aCallerWhoseOfferNamesAHostGets488WithAWarning() {
        String sdp = "v=0\r\no=raw 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 victim.invalid\r\nt=0 0\r\n"
                + "m=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
        try (RawSip ua = new RawSip(sw.dialtone.sipPort())) {
            var invite = RegistrarIT.invite(ua, "200", "201").body("application/sdp", sdp);
            RawSip.Msg response = ua.callWithAuth(invite, "200", SwitchFixture.password("200"));
            assertThat(response.status()).as(response.toString()).isEqualTo(488);
            assertThat(response.header("Warning")).contains("304").contains("victim.invalid")
                    .contains("not an IP address");
        }
    }

    @Test
    void aCalleeWhoseAnswerNamesAHostIsHungUpAndTheCallFails() {
        String sdp = "v=0\r\no=callee 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 victim.invalid\r\nt=0 0\r\n"
                + "m=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
        try (DecliningDevice callee = new DecliningDevice(sw.dialtone.sipPort(), "201", SwitchFixture.password("201"));
             RawSip caller = new RawSip(sw.dialtone.sipPort())) {
            callee.register();
            CompletableFuture<String> answered = CompletableFuture.supplyAsync(() -> callee.answerNextInvite(sdp, T));
            RawSip.Msg response = caller.callWithAuth(RegistrarIT.invite(caller, "200", "201"), "200", SwitchFixture.password("200"));
            assertThat(answered.join()).startsWith("INVITE ");
            assertThat(callee.acceptBye(T)).as("the switch takes the answered callee down again").startsWith("BYE ");
            assertThat(response.status()).as(response.toString()).isEqualTo(500);
        }
    }

    private double metric(String name) {
        return LoadAndMetricsIT.metric(MalformedTrafficIT.httpGet(sw.dialtone.httpPort(), "/metrics").body(), name);
    }

    private static void assertHeard(BaresipPhone phone, int hz) {
        Path heard = phone.awaitFinishedRecording(1.5, T);
        assertThat(AudioAnalysis.peakFrequency(heard, 0.5, 1.0)).as(phone + ": " + AudioAnalysis.describe(heard, 0.5, 1.0))
                .isCloseTo(hz, offset(15.0));
        assertThat(AudioAnalysis.rms(heard, 0.5, 1.0)).isGreaterThan(0.05);
    }
}
