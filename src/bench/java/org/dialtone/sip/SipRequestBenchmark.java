package org.dialtone.sip;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.dialtone.core.customer.DigestCredentials;
import org.dialtone.sip.auth.ClientDigest;
import org.dialtone.sip.auth.DigestAlgorithm;
import org.dialtone.sip.auth.DigestAuthenticator;
import org.dialtone.sip.auth.DigestResponseCalculator;
import org.dialtone.sip.sdp.SdpNegotiator;
import org.dialtone.sip.sdp.SessionDescription;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The CPU work of one SIP request on the switch, piece by piece:
 * <ul>
 *   <li>{@code parseRegister}, {@code parseInvite}: JAIN-SIP's message parser as the stack runs it on a received UDP
 *       datagram ({@code StringMsgParser.parseSIPMessage(bytes, readBody=true, strict=false, listener)}, the call in
 *       the RI's {@code UDPMessageChannel}): a REGISTER with digest credentials, an INVITE with an SDP offer.</li>
 *   <li>{@code digestVerify}: what {@code RequestAuthenticator} does with an {@code Authorization} value: our
 *       {@link DigestAuthenticator#parse} and {@link DigestAuthenticator#verify} (nonce HMAC check, HA1-based
 *       response, replay table), on a correct MD5 answer with a fresh nonce count each time, so every verify is
 *       {@code OK}. The client's answer is computed inside the benchmark too; {@code digestClientAnswerOnly} is that
 *       part alone, to subtract.</li>
 *   <li>{@code sdpOfferAnswer}: our SDP parser and negotiator on the INVITE's offer, as {@code InboundAnchor} does.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SipRequestBenchmark {
    static final String REALM = "dialtone";
    static final String URI = "sip:127.0.0.1:5060";

    static final String SDP = """
            v=0\r
            o=- 1733085201 1733085201 IN IP4 127.0.0.1\r
            s=-\r
            c=IN IP4 127.0.0.1\r
            t=0 0\r
            m=audio 40000 RTP/AVP 0 8 101\r
            a=rtpmap:0 PCMU/8000\r
            a=rtpmap:8 PCMA/8000\r
            a=rtpmap:101 telephone-event/8000\r
            a=fmtp:101 0-16\r
            a=ptime:20\r
            a=sendrecv\r
            """;

    static final String INVITE = """
            INVITE sip:201@127.0.0.1:5060 SIP/2.0\r
            Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-1-0;rport\r
            From: "Alice" <sip:200@127.0.0.1:5060>;tag=a1b2c3\r
            To: <sip:201@127.0.0.1:5060>\r
            Call-ID: 1-12345@127.0.0.1\r
            CSeq: 2 INVITE\r
            Contact: <sip:200@127.0.0.1:5070>\r
            Max-Forwards: 70\r
            Proxy-Authorization: Digest username="200", realm="dialtone", nonce="abcdef0123456789", uri="sip:201@127.0.0.1:5060", response="0123456789abcdef0123456789abcdef", algorithm=MD5, qop=auth, nc=00000001, cnonce="0a4f113b"\r
            User-Agent: bench\r
            Allow: INVITE, ACK, BYE, CANCEL, OPTIONS, INFO\r
            Content-Type: application/sdp\r
            Content-Length: %d\r
            \r
            %s""".formatted(SDP.getBytes(StandardCharsets.UTF_8).length, SDP);

    static final String REGISTER = """
            REGISTER sip:127.0.0.1:5060 SIP/2.0\r
            Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-2-0;rport\r
            From: <sip:200@127.0.0.1:5060>;tag=r1\r
            To: <sip:200@127.0.0.1:5060>\r
            Call-ID: reg-1@127.0.0.1\r
            CSeq: 2 REGISTER\r
            Contact: <sip:200@127.0.0.1:5070>;expires=3600\r
            Max-Forwards: 70\r
            Authorization: Digest username="200", realm="dialtone", nonce="abcdef0123456789", uri="sip:127.0.0.1:5060", response="0123456789abcdef0123456789abcdef", algorithm=MD5, qop=auth, nc=00000001, cnonce="0a4f113b"\r
            Expires: 3600\r
            User-Agent: bench\r
            Content-Length: 0\r
            \r
            """;

    final byte[] invite = INVITE.getBytes(StandardCharsets.UTF_8);
    final byte[] register = REGISTER.getBytes(StandardCharsets.UTF_8);
    final StringMsgParser parser = new StringMsgParser();
    final SdpNegotiator negotiator = new SdpNegotiator();

    DigestAuthenticator authenticator;
    DigestCredentials credentials;
    String nonce;
    String opaque;
    String ha1;
    long nonceCount;

    @Setup
    public void accounts() throws Exception {
        authenticator = new DigestAuthenticator("benchmark-secret-0123456789".getBytes(StandardCharsets.UTF_8), REALM,
                Duration.ofDays(1), Clock.systemUTC()).offering(List.of(DigestAlgorithm.MD5));
        credentials = DigestCredentials.derive("200", REALM, "secret200");
        ClientDigest.Challenge challenge = ClientDigest.parseChallenge(authenticator.challenges(false).getFirst());
        nonce = challenge.nonce();
        opaque = challenge.opaque();
        ha1 = credentials.ha1Md5();
        if (digestVerify() != DigestAuthenticator.Result.OK) throw new IllegalStateException("digest setup is wrong");
    }

    @Benchmark
    public SIPMessage parseRegister() throws Exception {
        return parser.parseSIPMessage(register, true, false, null);
    }

    @Benchmark
    public SIPMessage parseInvite() throws Exception {
        return parser.parseSIPMessage(invite, true, false, null);
    }

    @Benchmark
    public DigestAuthenticator.Result digestVerify() throws Exception {
        String header = clientAnswer();
        return authenticator.verify(authenticator.parse(header), "REGISTER", URI, credentials);
    }

    @Benchmark
    public String digestClientAnswerOnly() {
        return clientAnswer();
    }

    @Benchmark
    public SdpNegotiator.Answer sdpOfferAnswer() throws Exception {
        return negotiator.answer(SessionDescription.parse(SDP), "127.0.0.1", 30000, 1);
    }

    /** A correct answer to the challenge with the next nonce count, as a phone sends it. */
    private String clientAnswer() {
        String nc = String.format(Locale.ROOT, "%08x", ++nonceCount);
        String response = DigestResponseCalculator.response(DigestAlgorithm.MD5, ha1, nonce, nc, "0a4f113b", "auth",
                "REGISTER", URI);
        return "Digest username=\"200\", realm=\"" + REALM + "\", nonce=\"" + nonce + "\", uri=\"" + URI
                + "\", response=\"" + response + "\", algorithm=MD5, qop=auth, nc=" + nc
                + ", cnonce=\"0a4f113b\", opaque=\"" + opaque + "\"";
    }
}
