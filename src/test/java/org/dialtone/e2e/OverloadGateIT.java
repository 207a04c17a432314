package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.dialtone.core.load.Admission.Refusal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SIP face of overload control, in process: while the core refuses new calls, a new INVITE (UDP or TCP, from
 * anyone, before authentication) gets a stateless {@code 503} with {@code Retry-After}; a retransmission of an INVITE
 * the switch already handles is not refused; the switch's SIP reading threads are seen to run, and to end.
 */
class OverloadGateIT {
    private SwitchFixture sw;
    private final AtomicReference<Refusal> refusal = new AtomicReference<>();

    @BeforeEach void start() {
        sw = new SwitchFixture();
        sw.dialtone.calls().admission(() -> Optional.ofNullable(refusal.get()));
    }

    @AfterEach void stop() { sw.close(); }

    @Test
    void whileSheddingANewInviteGets503WithRetryAfterOverUdpAndTcp() throws Exception {
        refusal.set(new Refusal("calls 5 >= 5", Duration.ofSeconds(9)));
        try (RawSip ua = new RawSip(sw.dialtone.sipPort())) {
            RawSip.Msg r = ua.call(RegistrarIT.invite(ua, "200", "201"));
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.header("Retry-After")).isEqualTo("9");
            assertThat(r.header("To")).contains("tag=");
        }
        String invite = "INVITE sip:201@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bK-gate-tcp\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:200@127.0.0.1>;tag=a\r\nTo: <sip:201@127.0.0.1>\r\n"
                + "Call-ID: gate-tcp-1\r\nCSeq: 1 INVITE\r\nContact: <sip:200@127.0.0.1:9;transport=tcp>\r\n"
                + "Content-Length: 0\r\n\r\n";
        assertThat(tcpFinalResponse(invite)).startsWith("SIP/2.0 503").contains("Retry-After: 9");
        assertThat(sw.dialtone.calls().callsStarted()).isZero();
        assertThat(sw.dialtone.sip().openDialogs()).isZero();
    }

    @Test
    void aRetransmissionOfAnInviteAlreadyTakenIsAnsweredAsBeforeNotRefused() {
        try (RawSip ua = new RawSip(sw.dialtone.sipPort())) {
            // the 407 challenge is stateless (nothing is taken for it); the authenticated INVITE is taken: it has a
            // transaction, which answers its retransmissions (201 has no phone here: 480)
            RawSip.Request invite = RegistrarIT.invite(ua, "200", "201");
            RawSip.Msg challenge = ua.call(invite);
            assertThat(challenge.status()).isEqualTo(407);
            RawSip.Request authorized = invite.next().authorize(challenge, "200", SwitchFixture.password("200"));
            ua.send(authorized.text()); // not acknowledged yet: the transaction stays to answer retransmissions
            assertThat(finalResponse(ua).status()).isEqualTo(480);
            refusal.set(new Refusal("heap 90% >= 85%", Duration.ofSeconds(5)));
            ua.send(authorized.text()); // its ACK got lost, say: the caller retransmits
            RawSip.Msg again = finalResponse(ua);
            assertThat(again.status()).as("the stack's transaction answers it again").isEqualTo(480);
            ua.send(authorized.ack(again).text());
            assertThat(ua.call(RegistrarIT.invite(ua, "200", "201")).status()).as("a new one").isEqualTo(503);
            refusal.set(null);
            assertThat(ua.call(RegistrarIT.invite(ua, "200", "201")).status()).as("no longer shedding")
                    .isEqualTo(407);
        }
    }

    private static RawSip.Msg finalResponse(RawSip ua) {
        while (true) {
            RawSip.Msg m = ua.receive(RawSip.WAIT).orElseThrow(() -> new AssertionError("no final response"));
            if (m.status() >= 200) return m;
        }
    }

    @Test
    void theSipReadingThreadsRunWhileTheSwitchRunsAndNothingWaits() {
        assertThat(sw.dialtone.sip().reading()).isTrue();
        assertThat(sw.dialtone.sip().queuedMessages()).isZero();
        assertThat(sw.dialtone.vitals()).allSatisfy((name, alive) -> assertThat(alive.getAsBoolean()).as(name).isTrue());
        var sip = sw.dialtone.sip();
        sip.close(); // the stack stops: what the process guard would see if its reader died
        await().atMost(Duration.ofSeconds(5)).until(() -> !sip.reading());
    }

    /** The first final response to {@code message} on a new TCP connection. */
    private String tcpFinalResponse(String message) throws Exception {
        try (Socket s = new Socket("127.0.0.1", sw.dialtone.sipTcpPort())) {
            s.setSoTimeout(3000);
            s.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    got.write(buffer, 0, n);
                    String text = got.toString(StandardCharsets.UTF_8);
                    int start = text.indexOf("SIP/2.0 5");
                    if (start >= 0 && text.indexOf("\r\n\r\n", start) > 0) return text.substring(start);
                }
            } catch (SocketTimeoutException e) {
                // fall through: what came is what we have
            }
            return got.toString(StandardCharsets.UTF_8);
        }
    }
}
