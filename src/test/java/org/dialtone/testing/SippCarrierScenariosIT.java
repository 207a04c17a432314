package org.dialtone.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Self-test of the carrier scenarios ({@code src/test/resources/sipp/carrier-*.xml}) without a switch: each one
 * against another sipp, or against a baresip phone where audio has to be heard. Carriers run on 127.0.0.2 and
 * 127.0.0.3, phones on 127.0.0.1. Tones: carrier early media 600 Hz, a carrier's caller 800 Hz, phones 440/1000 Hz.
 */
class SippCarrierScenariosIT {
    private static final Duration T = Duration.ofSeconds(5);
    private static final String CARRIER = "127.0.0.2";
    private static final String OTHER_CARRIER = "127.0.0.3";
    private static final double EARLY_MEDIA_SECONDS = 1.5;

    @Test
    void answerEchoPlaysEarlyMediaThenEchoesThePhone() {
        try (Sipp carrier = answerEcho(CARRIER, Duration.ofMillis((long) (EARLY_MEDIA_SECONDS * 1000))).start();
             BaresipPhone phone = BaresipPhone.start(PhoneSpec.builder("erin").tone(440).build())) {
            phone.dial(carrier.uri("+18005550199"));
            phone.awaitEvent("CALL_ESTABLISHED", T);
            phone.awaitReceivedAudio(EARLY_MEDIA_SECONDS + 2.0, T);
            phone.hangup();
            phone.awaitEvent("CALL_CLOSED", T);

            Sipp.Result r = carrier.await(T);
            assertThat(r.exitCode()).as(r.summary()).isZero();
            assertThat(r.messages()).filteredOn(m -> m.received() && m.isRequest("INVITE"))
                    .singleElement().satisfies(m -> assertThat(m.requestUser()).isEqualTo("+18005550199"));
            assertThat(r.messages()).filteredOn(m -> !m.received()).extracting(SippMessageLog.Message::startLine)
                    .containsSubsequence("SIP/2.0 183 Session Progress", "SIP/2.0 200 OK");

            Path heard = phone.awaitFinishedRecording(EARLY_MEDIA_SECONDS + 1.5, T);
            assertTone(heard, 0.3, 0.8, 600);  // the carrier's early media, before the answer
            assertTone(heard, AudioAnalysis.durationSeconds(heard) - 1.2, 1.0, 440); // its own voice, echoed
        }
    }

    @Test
    void didCallTalksThenEchoesThePhoneItCalls() {
        try (BaresipPhone phone = BaresipPhone.start(PhoneSpec.builder("frank").tone(1000).build())) {
            Sipp.Result r = didCall(CARRIER, "127.0.0.1:" + phone.sipPort(), "frank", Duration.ofMillis(1500)).run();
            assertThat(r.exitCode()).as(r.summary()).isZero();
            var established = phone.awaitEvent("CALL_ESTABLISHED", T);
            assertThat(established.path("peeruri").asString()).contains("+13125550177@127.0.0.2");
            assertThat(phone.awaitEvent("CALL_CLOSED", T).path("param").asString()).isEqualTo("Connection reset by peer");

            Path heard = phone.awaitFinishedRecording(2.5, T);
            assertTone(heard, 0.3, 0.8, 800);  // phase 1: the carrier's caller talks
            assertTone(heard, AudioAnalysis.durationSeconds(heard) - 1.0, 0.8, 1000); // phase 2: the phone, echoed
        }
    }

    @Test
    void phoneOnACarrierAddressCallsFromThereWithItsDisplayName() {
        try (Sipp carrier = answerEcho(OTHER_CARRIER, Duration.ofMillis(300)).start();
             BaresipPhone outside = BaresipPhone.start(PhoneSpec.builder("+13125550177").displayName("Dana Outside")
                     .localAddress(CARRIER).tone(1200).build())) {
            assertThat(outside.directUri()).startsWith("sip:+13125550177@127.0.0.2:");
            outside.dial(carrier.uri("+12025550111"));
            outside.awaitEvent("CALL_ESTABLISHED", T);
            outside.awaitReceivedAudio(1.5, T);
            outside.hangup();
            Sipp.Result r = carrier.await(T);
            assertThat(r.exitCode()).as(r.summary()).isZero();

            SippMessageLog.Message invite = r.messages().stream().filter(m -> m.isRequest("INVITE")).findFirst().orElseThrow();
            assertThat(invite.header("From")).hasValueSatisfying(f -> assertThat(f)
                    .startsWith("\"Dana Outside\" <sip:+13125550177@127.0.0.2>"));
            assertThat(invite.header("Via")).hasValueSatisfying(v -> assertThat(v).contains("127.0.0.2:" + outside.sipPort()));
            assertThat(invite.body()).contains("c=IN IP4 127.0.0.2");
            Path heard = outside.awaitFinishedRecording(1.0, T);
            assertTone(heard, AudioAnalysis.durationSeconds(heard) - 1.0, 0.8, 1200); // its own voice, echoed
        }
    }

    @Test
    void didCallReachesAnswerEchoWithItsCallerAndEarlyMedia() {
        try (Sipp callee = answerEcho(OTHER_CARRIER, Duration.ofMillis(300)).start()) {
            Sipp.Result caller = didCall(CARRIER, callee.hostPort(), "+18005550199", Duration.ofMillis(400)).run();
            assertThat(caller.exitCode()).as(caller.summary()).isZero();
            Sipp.Result r = callee.await(T);
            assertThat(r.exitCode()).as(r.summary()).isZero();

            SippMessageLog.Message invite = r.messages().stream().filter(m -> m.isRequest("INVITE")).findFirst().orElseThrow();
            assertThat(invite.header("From")).hasValueSatisfying(f -> assertThat(f)
                    .startsWith("\"Dana Outside\" <sip:+13125550177@127.0.0.2>"));
            assertThat(invite.header("P-Asserted-Identity")).hasValue("\"Dana Outside\" <sip:+13125550177@127.0.0.2>");
            assertThat(invite.header("Via")).hasValueSatisfying(v -> assertThat(v).contains("127.0.0.2:"));
            assertThat(caller.messages()).filteredOn(SippMessageLog.Message::received)
                    .extracting(SippMessageLog.Message::startLine)
                    .containsSubsequence("SIP/2.0 183 Session Progress", "SIP/2.0 200 OK", "SIP/2.0 200 OK");
        }
    }

    @ParameterizedTest
    @CsvSource({"carrier-busy.xml, 486", "carrier-503.xml, 503"})
    void refusingCarrierIsSeenByTheCallerWithItsStatus(String scenario, int status) {
        try (Sipp carrier = Sipp.scenario(scenario).localAddress(CARRIER).timeout(Duration.ofSeconds(10)).start()) {
            Sipp.Result caller = didRefused(OTHER_CARRIER, carrier.hostPort(), status).run();
            assertThat(caller.exitCode()).as(caller.summary()).isZero();
            Sipp.Result r = carrier.await(T);
            assertThat(r.exitCode()).as(r.summary()).isZero();
            assertThat(r.messages()).filteredOn(SippMessageLog.Message::received)
                    .extracting(SippMessageLog.Message::startLine).last().asString().startsWith("ACK ");
        }
        try (Sipp carrier = Sipp.scenario(scenario).localAddress(CARRIER).timeout(Duration.ofSeconds(10)).start();
             BaresipPhone phone = BaresipPhone.start(PhoneSpec.builder("gina").build())) {
            phone.dial(carrier.uri("+18005550199"));
            assertThat(phone.awaitEvent("CALL_CLOSED", T).path("param").asString()).startsWith(status + " ");
            Sipp.Result r = carrier.await(T);
            assertThat(r.exitCode()).as(r.summary()).isZero();
        }
    }

    @Test
    void didRefusedFailsWhenTheStatusIsNotTheExpectedOne() {
        try (Sipp carrier = Sipp.scenario("carrier-busy.xml").localAddress(CARRIER).timeout(Duration.ofSeconds(10)).start()) {
            Sipp.Result caller = didRefused(OTHER_CARRIER, carrier.hostPort(), 404).run();
            assertThat(caller.exitCode()).as(caller.summary()).isEqualTo(1);
            assertThat(caller.stats()).containsEntry("FailedCall(C)", "1");
        }
    }

    @Test
    void noAnswerCarrierRingsUntilCancelled() {
        try (Sipp carrier = Sipp.scenario("carrier-noanswer.xml").localAddress(CARRIER).timeout(Duration.ofSeconds(10)).start();
             BaresipPhone phone = BaresipPhone.start(PhoneSpec.builder("hank").build())) {
            phone.dial(carrier.uri("+18005550199"));
            phone.awaitEvent("CALL_RINGING", T);
            phone.hangup(); // CANCEL
            phone.awaitEvent("CALL_CLOSED", T);

            Sipp.Result r = carrier.await(T);
            assertThat(r.exitCode()).as(r.summary()).isZero();
            assertThat(r.messages()).extracting(SippMessageLog.Message::toString).containsSubsequence(
                    "received: INVITE sip:+18005550199@127.0.0.2:" + carrier.sipPort() + " SIP/2.0",
                    "sent: SIP/2.0 180 Ringing", "received: CANCEL sip:+18005550199@127.0.0.2:" + carrier.sipPort()
                            + " SIP/2.0",
                    "sent: SIP/2.0 200 OK", "sent: SIP/2.0 487 Request Terminated",
                    "received: ACK sip:+18005550199@127.0.0.2:" + carrier.sipPort() + " SIP/2.0");
            SippMessageLog.Message terminated = r.messages().stream().filter(m -> m.isResponse(487)).findFirst().orElseThrow();
            assertThat(terminated.header("CSeq")).hasValueSatisfying(c -> assertThat(c).endsWith(" INVITE"));
        }
    }

    @Test
    void proxyChallengeIsAnsweredWithADigestTheTestCanVerify() {
        try (Sipp carrier = Sipp.scenario("carrier-challenge.xml").localAddress(CARRIER).rtpEcho()
                .timeout(Duration.ofSeconds(15)).start();
             BaresipPhone phone = BaresipPhone.start(PhoneSpec.builder("ivan").authUser("trunkuser").password("trunkpass")
                     .tone(440).build())) {
            phone.dial(carrier.uri("+18005550199"));
            phone.awaitEvent("CALL_ESTABLISHED", T);
            phone.awaitReceivedAudio(2.0, T);
            phone.hangup();
            phone.awaitEvent("CALL_CLOSED", T);
            Sipp.Result r = carrier.await(T);
            assertThat(r.exitCode()).as(r.summary()).isZero();

            String nonce = challengeNonce(r.messages(), "Proxy-Authenticate");
            String answer = r.messages().stream().filter(m -> m.received() && m.isRequest("INVITE"))
                    .flatMap(m -> m.header("Proxy-Authorization").stream()).findFirst().orElseThrow();
            assertThat(DigestCheck.valid(answer, "INVITE", "trunkuser", "trunkpass", nonce)).as(answer).isTrue();
            assertThat(DigestCheck.valid(answer, "INVITE", "trunkuser", "wrongpass", nonce)).isFalse();
            assertThat(DigestCheck.params(answer)).containsEntry("qop", "auth").containsEntry("realm", "carrier");

            Path heard = phone.awaitFinishedRecording(1.5, T);
            assertTone(heard, AudioAnalysis.durationSeconds(heard) - 1.2, 1.0, 440);
        }
    }

    @ParameterizedTest
    @CsvSource({"trunkpass, 0", "wrongpass, 1"})
    void wwwChallengeIsVerifiedBySipp(String password, int sippExit) {
        try (Sipp carrier = Sipp.scenario("carrier-challenge-401.xml").localAddress(CARRIER).rtpEcho()
                .timeout(Duration.ofSeconds(15)).start();
             BaresipPhone phone = BaresipPhone.start(PhoneSpec.builder("judy").authUser("trunkuser").password(password)
                     .build())) {
            phone.dial(carrier.uri("+18005550199"));
            if (sippExit == 0) {
                phone.awaitEvent("CALL_ESTABLISHED", T);
                phone.hangup();
            } else {
                assertThat(phone.awaitEvent("CALL_CLOSED", T).path("param").asString()).startsWith("403 ");
            }
            Sipp.Result r = carrier.await(T);
            assertThat(r.exitCode()).as(r.summary()).isEqualTo(sippExit);
        }
    }

    @Test
    void optionsResponderAnswersEveryKeepalive() throws IOException {
        try (Sipp carrier = Sipp.scenario("carrier-options.xml").localAddress(CARRIER).calls(0).start();
             DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(2000);
            InetSocketAddress to = new InetSocketAddress(CARRIER, carrier.sipPort());
            // two senders with a Call-ID per keepalive, one that keeps its Call-ID
            List<String> callIds = List.of("ka-1", "ka-2", "ka-3", "ka-3", "ka-3");
            for (int i = 0; i < callIds.size(); i++) {
                String callId = callIds.get(i);
                String cseq = Integer.toString(i + 1);
                String options = "OPTIONS sip:" + to.getHostString() + ":" + to.getPort() + " SIP/2.0\r\n"
                        + "Via: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch=z9hG4bK-" + callId
                        + "-" + cseq + "\r\n"
                        + "From: <sip:dialtone@127.0.0.1>;tag=" + callId + "\r\n"
                        + "To: <sip:" + to.getHostString() + ":" + to.getPort() + ">\r\n"
                        + "Call-ID: " + callId + "@127.0.0.1\r\n"
                        + "CSeq: " + cseq + " OPTIONS\r\n"
                        + "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
                byte[] out = options.getBytes(StandardCharsets.US_ASCII);
                socket.send(new DatagramPacket(out, out.length, to));
                DatagramPacket in = new DatagramPacket(new byte[4096], 4096);
                socket.receive(in);
                String answer = new String(in.getData(), 0, in.getLength(), StandardCharsets.US_ASCII);
                assertThat(answer).startsWith("SIP/2.0 200 OK\r\n").contains("Call-ID: " + callId + "@127.0.0.1")
                        .contains("CSeq: " + cseq + " OPTIONS");
            }
            assertThat(carrier.isAlive()).isTrue();
        }
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static Sipp.Builder answerEcho(String address, Duration earlyMedia) {
        return Sipp.scenario("carrier-answer-echo.xml").localAddress(address).rtpEcho()
                .rtpFile("carrier-ulaw.wav", ulawTone("carrier-600", 600)).pause(earlyMedia)
                .timeout(Duration.ofSeconds(20));
    }

    private static Sipp.Builder didCall(String address, String remote, String did, Duration phase) {
        return Sipp.scenario("carrier-did-call.xml").localAddress(address).remote(remote).service(did).rtpEcho()
                .key("caller", "+13125550177").key("caller_name", "Dana Outside")
                .rtpFile("caller-ulaw.wav", ulawTone("caller-800", 800)).pause(phase)
                .timeout(Duration.ofSeconds(15));
    }

    private static Sipp.Builder didRefused(String address, String remote, int expected) {
        return Sipp.scenario("carrier-did-refused.xml").localAddress(address).remote(remote).service("+12025550999")
                .key("expected", Integer.toString(expected))
                .key("caller", "+13125550177").key("caller_name", "Dana Outside")
                .timeout(Duration.ofSeconds(10));
    }

    static Path ulawTone(String name, double hz) {
        return AudioAnalysis.writeUlawTone(TestDirs.newDir("media").resolve(name + "-ulaw.wav"), hz, 5, 0.5);
    }

    /** The nonce of the challenge sipp sent in {@code header} ({@code Proxy-Authenticate} or {@code WWW-Authenticate}). */
    static String challengeNonce(List<SippMessageLog.Message> messages, String header) {
        String challenge = messages.stream().filter(m -> !m.received()).flatMap(m -> m.header(header).stream())
                .findFirst().orElseThrow(() -> new AssertionError("no " + header + " sent: " + messages));
        return DigestCheck.params(challenge).get("nonce");
    }

    private static void assertTone(Path wav, double start, double seconds, double hz) {
        assertThat(AudioAnalysis.peakFrequency(wav, start, seconds)).as(AudioAnalysis.describe(wav, start, seconds))
                .isCloseTo(hz, within(15.0));
        assertThat(AudioAnalysis.rms(wav, start, seconds)).as(AudioAnalysis.describe(wav, start, seconds))
                .isGreaterThan(0.05);
    }
}
