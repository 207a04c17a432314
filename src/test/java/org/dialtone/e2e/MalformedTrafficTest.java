package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dialtone.testing.AudioAnalysis;
import org.dialtone.testing.BaresipPhone;
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
 * parsed, and none of it leaves a channel, dialog or RTP port behind. The last test proves the switch still carries a
 * real call afterwards.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MalformedTrafficTest {
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

    @Test @Order(1)
    void unparseableUdpIsDroppedSilently() {
        String invite = RegistrarTest.invite(new RawSip(sw.dialtone.sipPort()), "200", "201").text();
        List<String> broken = List.of(
                "\u0000\u0001\u00ff garbage \r\n\r\n",
                "INVITE\r\n\r\n",
                invite.substring(0, invite.indexOf("CSeq")),                     // cut inside the headers
                invite.replaceFirst("Call-ID: [^\r]*\r\n", ""),
                invite.replaceFirst("CSeq: [^\r]*\r\n", ""),
                invite.replaceFirst("Via: [^\r]*\r\n", ""),
                invite.replaceFirst("From: [^\r]*\r\n", ""));
        try (RawSip ua = new RawSip(sw.dialtone.sipPort())) {
            for (String message : broken) {
                assertThat(sendThenProbe(ua, message)).as("answers to %s", abbreviate(message)).isEmpty();
            }
        }
    }

    @Test @Order(2)
    void udpInviteWithBodyShorterThanContentLengthIs400() {
        try (RawSip ua = new RawSip(sw.dialtone.sipPort())) {
            var invite = RegistrarTest.invite(ua, "200", "201");
            String text = invite.text();
            ua.send(text.substring(0, text.length() - 40));
            // wait for the final answer to this INVITE itself: the stack's threads may answer a later probe first
            while (true) {
                RawSip.Msg m = ua.receive(RawSip.WAIT).orElseThrow(() -> new AssertionError("no answer to the INVITE"));
                if (invite.callId.equals(m.header("Call-ID")) && m.status() >= 200) {
                    assertThat(m.status()).isEqualTo(400);
                    break;
                }
            }
        }
    }

    @Test @Order(3)
    void largestUdpDatagramIsHandledLikeAnyRequest() {
        try (RawSip ua = new RawSip(sw.dialtone.sipPort())) {
            var options = ua.request("OPTIONS", "sip:127.0.0.1:" + sw.dialtone.sipPort(), "200", "200")
                    .header("X-Padding", "a".repeat(65_000));
            var r = ua.call(options);
            assertThat(r.status()).isEqualTo(200);
        }
    }

    @Test @Order(4)
    void optionsUnknownMethodAndInviteWithoutCredentials() {
        try (RawSip ua = new RawSip(sw.dialtone.sipPort())) {
            var options = ua.call(ua.request("OPTIONS", "sip:127.0.0.1:" + sw.dialtone.sipPort(), "200", "200"));
            assertThat(options.status()).isEqualTo(200);
            assertThat(options.header("Allow")).contains("INVITE", "BYE", "OPTIONS");

            var foo = ua.call(ua.request("FOO", "sip:201@127.0.0.1", "200", "201"));
            assertThat(foo.status()).isEqualTo(405);
            assertThat(foo.header("Allow")).contains("INVITE", "REGISTER");

            var invite = ua.call(RegistrarTest.invite(ua, "200", "201"));
            assertThat(invite.status()).isEqualTo(407);
            assertThat(invite.header("Proxy-Authenticate")).startsWith("Digest ");
        }
    }

    @Test @Order(5)
    void authenticatedInviteWithoutSdpIs488() {
        try (RawSip ua = new RawSip(sw.dialtone.sipPort())) {
            var invite = RegistrarTest.invite(ua, "200", "201").body("application/sdp", "");
            assertThat(ua.callWithAuth(invite, "200", SwitchFixture.password("200")).status()).isEqualTo(488);
        }
    }

    @Test @Order(6)
    void authenticatedInvitesWithUnusableSdpAre488() {
        String head = "v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n";
        List<String> offers = List.of(
                "this is not SDP",
                head,                                                             // no m= line
                head + "m=video 4000 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n",   // no audio
                head + "m=audio 0 RTP/AVP 0\r\n",                                 // audio declined
                head + "m=audio 4000 RTP/AVP 9\r\na=rtpmap:9 G722/8000\r\n",      // no common codec
                head + "m=audio 4000 RTP/SAVP 0\r\n",                             // SRTP only
                head + "m=audio 99999 RTP/AVP 0\r\n");                            // port out of range
        try (RawSip ua = new RawSip(sw.dialtone.sipPort())) {
            for (String sdp : offers) {
                var invite = RegistrarTest.invite(ua, "200", "201").body("application/sdp", sdp);
                var r = ua.callWithAuth(invite, "200", SwitchFixture.password("200"));
                assertThat(r.status()).as("answer to %s", abbreviate(sdp)).isEqualTo(488);
                assertThat(sw.dialtone.media().activeEndpoints()).as("RTP endpoints after %s", abbreviate(sdp)).isZero();
            }
        }
    }

    @Test @Order(7)
    void telephoneEventOnAStaticPayloadTypeIsIgnoredNotFatal() {
        // Once left the INVITE unanswered and its RTP port allocated: the negotiator picked telephone-event on PT 8,
        // which the RTP endpoint refuses. Now the offer is plain PCMU and routing answers (201 is not registered).
        String sdp = "v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 4000 RTP/AVP 0 8\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 telephone-event/8000\r\n";
        try (RawSip ua = new RawSip(sw.dialtone.sipPort())) {
            var invite = RegistrarTest.invite(ua, "200", "201").body("application/sdp", sdp);
            assertThat(ua.callWithAuth(invite, "200", SwitchFixture.password("200")).status()).isEqualTo(480);
        }
    }

    @Test @Order(8)
    void sippWithDigestAuthAndBrokenSdpGets488() throws URISyntaxException {
        Path users = Path.of(MalformedTrafficTest.class.getResource("/sipp/users-200.csv").toURI());
        Sipp.Result r = Sipp.scenario("uac-broken-sdp.xml").remote("127.0.0.1:" + sw.dialtone.sipPort())
                .file("users.csv", users).args("-inf", "users.csv").calls(1).timeout(Duration.ofSeconds(10)).run();
        assertThat(r.exitCode()).as(r.summary()).isZero();
    }

    // ------------------------------------------------------------------------------------------------ TCP

    @Test @Order(10)
    void tcpGarbageTruncatedAndOversizedMessages() throws IOException {
        String invite = RegistrarTest.invite(new RawSip(sw.dialtone.sipPort()), "200", "201").text()
                .replace("SIP/2.0/UDP", "SIP/2.0/TCP");
        assertThat(tcpExchange("\u0000\u0001 garbage \r\n\r\n")).as("garbage").isIn("", "closed");
        // a stream waits for the rest of a message; closing the connection must leave nothing behind
        assertThat(tcpExchange(invite.substring(0, invite.length() - 40))).as("truncated").isIn("", "closed");
        String oversized = invite.replace("Content-Length:", "X-Padding: " + "a".repeat(70_000) + "\r\nContent-Length:");
        assertThat(oversized.length()).isGreaterThan(64 * 1024);
        assertThat(tcpExchange(oversized)).as("oversized").isIn("", "closed");

        String options = "OPTIONS sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bK-tcp-1\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:200@127.0.0.1>;tag=a\r\nTo: <sip:200@127.0.0.1>\r\n"
                + "Call-ID: tcp-options-1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
        assertThat(tcpExchange(options)).as("OPTIONS over TCP after all that").startsWith("SIP/2.0 200");
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

    /**
     * Sends {@code message}, then an OPTIONS probe, and returns whatever the switch sent before the probe's 200: the
     * answers to {@code message} (the probe proves the switch is still listening).
     */
    private static List<RawSip.Msg> sendThenProbe(RawSip ua, String message) {
        ua.send(message);
        var probe = ua.request("OPTIONS", "sip:127.0.0.1:" + sw.dialtone.sipPort(), "probe", "probe");
        ua.send(probe.text());
        List<RawSip.Msg> other = new ArrayList<>();
        while (true) {
            RawSip.Msg m = ua.receive(RawSip.WAIT).orElseThrow(() -> new AssertionError("no answer to the probe"));
            if (probe.callId.equals(m.header("Call-ID")) && m.status() == 200) return other;
            if (m.status() != 100) other.add(m);
        }
    }

    /** The first line the switch answers on a fresh TCP connection, "closed" if it closes it, "" if it says nothing. */
    private static String tcpExchange(String message) throws IOException {
        try (Socket s = new Socket("127.0.0.1", sw.dialtone.sipTcpPort())) {
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(message.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                return "closed"; // the switch hung up while we were still writing (the oversized message)
            }
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            try {
                int n = in.read(buf);
                return n < 0 ? "closed" : new String(buf, 0, n, StandardCharsets.UTF_8).lines().findFirst().orElse("");
            } catch (SocketTimeoutException e) {
                return "";
            } catch (IOException e) {
                return "closed";
            }
        }
    }

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

    private static String abbreviate(String s) {
        String one = s.replace("\r\n", "|");
        return one.length() > 80 ? one.substring(0, 80) + "…" : one;
    }
}
