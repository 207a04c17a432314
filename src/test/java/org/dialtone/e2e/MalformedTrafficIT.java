package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.dialtone.media.rtp.RtpHeader;
import org.dialtone.testing.AudioAnalysis;
import org.dialtone.testing.BaresipPhone;
import org.dialtone.testing.CapturedLog;
import org.dialtone.testing.MalformedRtp;
import org.dialtone.testing.Sipp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Hostile and broken SIP over UDP and TCP: each message gets its proper answer or is dropped when it cannot be
 * parsed, and none of it leaves a channel, dialog or RTP port behind. Most of it comes from the checked-in corpus
 * ({@code src/test/resources/corpus/sip/}, see its README), replayed over both transports. Malformed RTP is sent at a
 * call's media ports while it runs. The last test proves the switch still carries a real call afterwards.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MalformedTrafficIT {
    private static final Duration T = Duration.ofSeconds(10);
    private static SwitchFixture sw;

    @BeforeAll static void start() { sw = new SwitchFixture(); }
    @AfterAll static void stop() { sw.close(); }

    @AfterEach
    void nothingLeaks() {
        await().atMost(T).untilAsserted(() -> {
            assertThat(sw.dialtone.calls().activeChannels()).as("channels").isZero();
            assertThat(sw.dialtone.sip().openDialogs()).as("dialogs").isZero();
            assertThat(sw.dialtone.media().activeEndpoints()).as("RTP endpoints").isZero();
        });
        assertThat(httpGet(sw.dialtone.httpPort(), "/health").statusCode()).isEqualTo(200);
    }

    // ------------------------------------------------------------------------------------------------ UDP

    @Test @Order(4)
    void optionsUnknownMethodAndInviteWithoutCredentials() {
        try (RawSip ua = new RawSip(sw.dialtone.sipPort())) {
            var options = ua.call(ua.request("OPTIONS", "sip:127.0.0.1:" + sw.dialtone.sipPort(), "200", "200"));
            assertThat(options.status()).isEqualTo(200);
            assertThat(options.header("Allow")).contains("INVITE", "BYE", "OPTIONS");

            var foo = ua.call(ua.request("FOO", "sip:201@127.0.0.1", "200", "201"));
            assertThat(foo.status()).isEqualTo(405);
            assertThat(foo.header("Allow")).contains("INVITE", "REGISTER");

            var invite = ua.call(RegistrarIT.invite(ua, "200", "201"));
            assertThat(invite.status()).isEqualTo(407);
            assertThat(invite.header("Proxy-Authenticate")).startsWith("Digest ");
        }
    }

    @Test @Order(5)
    void authenticatedInviteWithoutSdpIs488() {
        try (RawSip ua = new RawSip(sw.dialtone.sipPort())) {
            var invite = RegistrarIT.invite(ua, "200", "201").body("application/sdp", "");
            assertThat(ua.callWithAuth(invite, "200", SwitchFixture.password("200")).status()).isEqualTo(488);
        }
    }

    @Test @Order(7)
    void telephoneEventOnAStaticPayloadTypeIsIgnoredNotFatal() {
        // Once left the INVITE unanswered and its RTP port allocated: the negotiator picked telephone-event on PT 8,
        // which the RTP endpoint refuses. Now the offer is plain PCMU and routing answers (201 is not registered).
        String sdp = "v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 4000 RTP/AVP 0 8\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 telephone-event/8000\r\n";
        try (RawSip ua = new RawSip(sw.dialtone.sipPort())) {
            var invite = RegistrarIT.invite(ua, "200", "201").body("application/sdp", sdp);
            assertThat(ua.callWithAuth(invite, "200", SwitchFixture.password("200")).status()).isEqualTo(480);
        }
    }

    @Test @Order(8)
    void sippWithDigestAuthAndBrokenSdpGets488() throws URISyntaxException {
        Path users = Path.of(MalformedTrafficIT.class.getResource("/sipp/users-200.csv").toURI());
        Sipp.Result r = Sipp.scenario("uac-broken-sdp.xml").remote("127.0.0.1:" + sw.dialtone.sipPort())
                .file("users.csv", users).args("-inf", "users.csv").calls(1).timeout(Duration.ofSeconds(10)).run();
        assertThat(r.exitCode()).as(r.summary()).isZero();
    }

    /**
     * A UDP request the stack cannot parse (here a Content-Length that is not a number) is answered with a 400 of our
     * own: a plain reason phrase, the request's own headers, no body, and never more bytes than the request; the
     * stack's own answer echoed the request (a body that must not come back here) and its parser's message.
     */
    @Test @Order(10)
    void anUnparsableRequestOverUdpGetsASmallWellFormed400ThatEchoesNothing() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout((int) T.toMillis());
            int port = socket.getLocalPort();
            String request = "INVITE sip:201@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + port
                    + ";branch=z9hG4bK-unparsable;rport\r\nMax-Forwards: 70\r\nFrom: <sip:999@127.0.0.1>;tag=c1\r\n"
                    + "To: <sip:201@127.0.0.1>\r\nCall-ID: unparsable@it\r\nCSeq: 1 INVITE\r\n"
                    + "Content-Type: application/sdp\r\nContent-Length: abc\r\n\r\nv=0\r\ns=ECHO-ME-BACK\r\n";
            byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), sw.dialtone.sipPort()));
            DatagramPacket answer = new DatagramPacket(new byte[65_536], 65_536);
            socket.receive(answer);
            String text = new String(answer.getData(), 0, answer.getLength(), StandardCharsets.ISO_8859_1);

            assertThat(answer.getLength()).as("bytes of the answer").isLessThanOrEqualTo(bytes.length);
            assertThat(text).startsWith("SIP/2.0 400 Bad Request\r\n").endsWith("\r\nContent-Length: 0\r\n\r\n")
                    .contains("\r\nCall-ID: unparsable@it\r\n", "branch=z9hG4bK-unparsable", "\r\nCSeq: 1 INVITE\r\n")
                    .containsPattern("\r\nTo: <sip:201@127.0.0.1>;tag=\\w+\r\n")
                    .doesNotContain("ECHO-ME-BACK", "sipfrag", "Content-Type");
        }
    }

    /**
     * A request with a To tag that matches no dialog (a re-INVITE, BYE, INFO) is answered 481 once, statelessly: no
     * INVITE server transaction resends it until an ACK that a spoofed source never sends, so such a request cannot
     * make the switch fire a train of datagrams at someone else.
     */
    @Test @Order(11)
    void inDialogRequestsWithoutADialogGetOne481AndNoRetransmissions() {
        try (RawSip ua = new RawSip(sw.dialtone.sipPort())) {
            for (String method : List.of("INVITE", "BYE", "INFO")) {
                RawSip.Request request = ua.request(method, "sip:201@127.0.0.1:" + sw.dialtone.sipPort(), "999", "201");
                ua.send(request.text().replace("To: <sip:201@127.0.0.1>", "To: <sip:201@127.0.0.1>;tag=nope"));
                RawSip.Msg answer = ua.receive(T).orElseThrow(() -> new AssertionError("no answer to " + method));
                assertThat(answer.status()).as(method).isEqualTo(481);
                assertThat(answer.header("Call-ID")).isEqualTo(request.callId);
                // no ACK: an INVITE transaction would resend its 481 after 0.5, 1.5, 3.5 s...
                assertThat(ua.receive(Duration.ofMillis(2_000))).as("anything after the 481 to " + method).isEmpty();
            }
        }
    }

    /**
     * Over TCP the stack frames messages by a full {@code Content-Length} and CRLF line ends only; the switch frames
     * LF line ends and the compact {@code l:} for it (so such messages are answered, see the corpus), and closes a
     * connection whose bytes cannot be framed (here a line ending in CR alone) at once, with one log line.
     */
    @Test @Order(12)
    void aTcpMessageThatCannotBeFramedClosesItsConnectionWithALogLine() {
        try (CapturedLog log = new CapturedLog("org.dialtone");
             RawSipTcp tcp = new RawSipTcp(sw.dialtone.sipTcpPort())) {
            RawSip.Request options = tcp.request("OPTIONS", "sip:127.0.0.1:" + sw.dialtone.sipPort(), "probe", "probe");
            String lfOnly = options.text().replace("\r\n", "\n").replace("Content-Length: 0", "l: 0");
            tcp.send(lfOnly.getBytes(StandardCharsets.US_ASCII));
            assertThat(tcp.receive(T)).as("the answer to an OPTIONS with LF line ends and l:")
                    .hasValueSatisfying(m -> assertThat(m.status()).isEqualTo(200));

            tcp.send(options.next().text().replace("\r\n", "\r").getBytes(StandardCharsets.US_ASCII));
            assertThat(tcp.receive(T)).isEmpty();
            assertThat(tcp.closedByPeer()).as("closed by the switch").isTrue();
            await().atMost(T).until(() -> log.count(Level.WARN, "CR alone") == 1);
            assertThat(log.events()).filteredOn(e -> e.getFormattedMessage().contains("CR alone")).singleElement()
                    .satisfies(e -> assertThat(e.getFormattedMessage())
                            .startsWith("Closing the SIP/TCP connection from 127.0.0.1:" + tcp.localPort() + ": "));
        }
    }

    // ------------------------------------------------------------------------------------------------ corpus

    @Test @Order(20)
    void corpusOfMalformedMessagesOverUdp() { replayMessages("udp"); }

    @Test @Order(21)
    void corpusOfMalformedMessagesOverTcp() { replayMessages("tcp"); }

    @Test @Order(22)
    void corpusOfBadSdpOffersOverUdp() { replaySdpOffers("udp"); }

    @Test @Order(23)
    void corpusOfBadSdpOffersOverTcp() { replaySdpOffers("tcp"); }

    /**
     * Every message of the corpus, each from its own socket, then an OPTIONS the switch must answer: the outcome is
     * the one {@code messages.expected} names, no response carries a header line the message smuggled in, nothing is
     * left behind, and nothing the stack or the switch logs about it is longer than a line.
     */
    private static void replayMessages(String transport) {
        Map<String, String> expected = SipCorpus.expectedOutcomes(transport);
        List<SipCorpus.Entry> messages = SipCorpus.messages();
        assertThat(messages).extracting(SipCorpus.Entry::name).as("files listed in messages.expected")
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        List<String> wrong = new ArrayList<>();
        try (CapturedLog log = new CapturedLog("gov.nist", "org.dialtone")) {
            for (SipCorpus.Entry message : messages) {
                String want = expected.get(message.name());
                CorpusReplay.Result r = transport.equals("udp")
                        ? CorpusReplay.udp(sw.dialtone.sipPort(), message, want)
                        : CorpusReplay.tcp(sw.dialtone.sipPort(), sw.dialtone.sipTcpPort(), message, want);
                if (!CorpusReplay.matches(want, r.outcome())) {
                    wrong.add(message + ": expected " + want + ", got " + r.outcome() + " " + r.responses());
                }
                r.responses().stream().filter(MalformedTrafficIT::smuggledHeader)
                        .forEach(m -> wrong.add(message + ": a header line was smuggled into " + m));
                r.responses().stream().filter(m -> !m.startLine().matches("SIP/2\\.0 \\d{3} [\\x20-\\x7e]{1,100}")
                                || String.valueOf(m.header("Content-Type")).contains("sipfrag"))
                        .forEach(m -> wrong.add(message + ": a broken status line or an echo of the request in " + m));
                assertNothingLeftAfter(message + " over " + transport);
            }
            assertEveryLineBounded(log);
        }
        assertThat(wrong).as("messages whose outcome differs from messages.expected").isEmpty();
    }

    /**
     * Every offer of the corpus in an authenticated INVITE from 200 to 201 (not registered): an offer named
     * {@code 488-*} is refused with 488 and a Warning that is one quoted string of printable ASCII; one named
     * {@code 480-*} is acceptable, so the call is routed and fails only because 201 has no phone.
     */
    private static void replaySdpOffers(String transport) {
        List<String> wrong = new ArrayList<>();
        try (CapturedLog log = new CapturedLog("gov.nist", "org.dialtone")) {
            for (SipCorpus.Entry offer : SipCorpus.sdpOffers()) {
                int want = Integer.parseInt(offer.name().substring(0, 3));
                RawSip.Msg r = transport.equals("udp") ? inviteOverUdp(offer) : inviteOverTcp(offer);
                if (r.status() != want) wrong.add(offer + ": expected " + want + ", got " + r);
                if (want == 488 && !offer.name().equals("488-empty")
                        && !String.valueOf(r.header("Warning")).matches("304 dialtone \"[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]{1,200}\"")) {
                    wrong.add(offer + ": Warning is not one quoted string of printable ASCII: " + r.header("Warning"));
                }
                assertNothingLeftAfter(offer + " over " + transport);
            }
            assertEveryLineBounded(log);
        }
        assertThat(wrong).as("offers answered otherwise than their names say").isEmpty();
    }

    private static RawSip.Msg inviteOverUdp(SipCorpus.Entry offer) {
        try (RawSip ua = new RawSip(sw.dialtone.sipPort())) {
            var invite = RegistrarIT.invite(ua, "200", "201")
                    .body("application/sdp", offer.render(Map.of("RTP_PORT", Integer.toString(ua.localPort() + 2))));
            return ua.callWithAuth(invite, "200", SwitchFixture.password("200"));
        }
    }

    private static RawSip.Msg inviteOverTcp(SipCorpus.Entry offer) {
        try (RawSipTcp ua = new RawSipTcp(sw.dialtone.sipTcpPort())) {
            var invite = ua.request("INVITE", "sip:201@127.0.0.1", "200", "201")
                    .header("Contact", "<sip:200@127.0.0.1:" + ua.localPort() + ";transport=tcp>")
                    .body("application/sdp", offer.render(Map.of("RTP_PORT", Integer.toString(ua.localPort() + 2))));
            return ua.callWithAuth(invite, "200", SwitchFixture.password("200"));
        }
    }

    /**
     * Whether a response carries a line starting with {@code X-Injected} (what the corpus's CRLF-injection messages try
     * to smuggle in), be it a header of its own or behind a bare CR or LF inside another header. (JAIN-SIP's own 400
     * for a request it cannot parse, which echoed the request, is never sent: see UnparsableRequests.)
     */
    private static boolean smuggledHeader(RawSip.Msg m) {
        if (!m.headers("X-Injected").isEmpty()) return true;
        return m.headerMap().values().stream().flatMap(List::stream)
                .anyMatch(v -> Pattern.compile("[\\r\\n]\\s*X-Injected", Pattern.CASE_INSENSITIVE).matcher(v).find());
    }

    /** Channels, dialogs and RTP endpoints are back to zero (at once, or after a short wait for a call's end). */
    private static void assertNothingLeftAfter(String what) {
        await(what).atMost(T).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            assertThat(sw.dialtone.calls().activeChannels()).as("channels after " + what).isZero();
            assertThat(sw.dialtone.sip().openDialogs()).as("dialogs after " + what).isZero();
            assertThat(sw.dialtone.media().activeEndpoints()).as("RTP endpoints after " + what).isZero();
        });
    }

    /** What strangers send ends up in log lines; each must stay one line of reasonable length. */
    private static void assertEveryLineBounded(CapturedLog log) {
        assertThat(log.events()).allSatisfy(e -> assertThat(e.getFormattedMessage())
                .as("%s %s", e.getLevel(), e.getLoggerName()).hasSizeLessThan(2_000).doesNotContain("\r", "\n"));
    }

    // ------------------------------------------------------------------------------------------------ RTP

    /**
     * Malformed RTP ({@link MalformedRtp}) at every RTP and RTCP port of the switch from the moment the callee rings
     * until after the hangup, from the phones' own address (127.0.0.1: a leg reads such packets until its phone's
     * first one latches it, and drops them as invalid) and from a stranger's (127.0.0.6: refused for its source). Both
     * phones still hear each other. Packets from the latched phone itself cannot be forged here; RelayTest sends them.
     */
    @Test @Order(90)
    void malformedRtpAtTheMediaPortsDuringACallLeavesItsAudioAlone() {
        List<byte[]> malformed = MalformedRtp.packets();
        for (byte[] p : malformed) {
            assertThat(RtpHeader.payloadLength(ByteBuffer.wrap(Arrays.copyOf(p, Math.max(p.length, 12))), p.length))
                    .as("malformed packet of %d bytes", p.length).isEqualTo(RtpHeader.INVALID);
        }
        BaresipPhone alice = sw.registeredPhone("200", 440);
        BaresipPhone bob = sw.registeredPhone(sw.spec("201", 1000).manualAnswer());
        double rejected = metric("dialtone_rtp_packets_rejected_total");
        int first = sw.rtpPortMin;
        int last = sw.rtpPortMin + 99;
        try (RtpSprayer own = RtpSprayer.malformed("127.0.0.1", "127.0.0.1", first, last, T.multipliedBy(6), malformed);
             RtpSprayer stranger = RtpSprayer.malformed("127.0.0.6", "127.0.0.1", first, last, T.multipliedBy(6),
                     malformed)) {
            alice.dial("201");
            bob.awaitEvent("CALL_INCOMING", T); // both legs' endpoints exist now
            own.start();
            stranger.start();
            await("every kind of packet at every port while the callee rings").atMost(T)
                    .until(() -> own.sweeps() >= malformed.size() && stranger.sweeps() >= malformed.size());
            bob.accept();
            bob.awaitEvent("CALL_ESTABLISHED", T);
            alice.awaitEvent("CALL_ESTABLISHED", T);
            long sweeps = own.sweeps();
            await("every kind of packet at every port during the call").atMost(T)
                    .until(() -> own.sweeps() >= sweeps + malformed.size());
            alice.awaitReceivedAudio(1.5, T);
            bob.awaitReceivedAudio(1.5, T);
            alice.hangup();
            bob.awaitEvent("CALL_CLOSED", T);
            assertThat(own.failure()).isNull();
            assertThat(stranger.failure()).isNull();
        }
        // the end of each recording: the start of the caller's is the ringback while the callee rang
        assertHeardBeforeHangup(alice, 1000);
        assertHeardBeforeHangup(bob, 440);
        assertThat(metric("dialtone_rtp_packets_rejected_total") - rejected).as("packets refused for their source")
                .isGreaterThanOrEqualTo(malformed.size());
    }

    private static double metric(String name) {
        return LoadAndMetricsIT.metric(httpGet(sw.dialtone.httpPort(), "/metrics").body(), name);
    }

    /** The phone heard {@code hz} in the last second before the hangup (its last 0.3 s left out). */
    private static void assertHeardBeforeHangup(BaresipPhone phone, int hz) {
        Path heard = phone.awaitFinishedRecording(1.5, T);
        double start = AudioAnalysis.durationSeconds(heard) - 1.3;
        assertThat(AudioAnalysis.peakFrequency(heard, start, 1.0)).as(phone + ": " + AudioAnalysis.describe(heard, start, 1.0))
                .isCloseTo(hz, offset(15.0));
        assertThat(AudioAnalysis.rms(heard, start, 1.0)).isGreaterThan(0.05);
    }

    // ------------------------------------------------------------------------------------------------ after

    @Test @Order(100)
    void aRealCallStillWorksAfterwards() {
        BaresipPhone alice = sw.registeredPhone("200", 440);
        BaresipPhone bob = sw.registeredPhone("201", 1000);
        alice.dialAndConnect("201", bob, T);
        bob.awaitReceivedAudio(1.5, T);
        alice.hangup();
        bob.awaitEvent("CALL_CLOSED", T);
        Path heard = bob.awaitFinishedRecording(1.0, T);
        assertThat(AudioAnalysis.peakFrequency(heard, 0.5, 0.5)).as(AudioAnalysis.describe(heard, 0.5, 0.5))
                .isCloseTo(440, offset(15.0));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static HttpResponse<String> httpGet(int port, String path) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
