package org.dialtone.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The 400 the switch sends for a UDP request the stack cannot parse: small, well-formed, no echo; or nothing. */
class UnparsableRequestsTest {
    private static final String HEAD = "INVITE sip:201@127.0.0.1 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-1;rport\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:999@127.0.0.1>;tag=c1\r\n"
            + "To: <sip:201@127.0.0.1>\r\n"
            + "Call-ID: abc@corpus\r\n"
            + "CSeq: 1 INVITE\r\n";

    private static String answer(String request) {
        byte[] reply = UnparsableRequests.badRequest(request.getBytes(StandardCharsets.ISO_8859_1), "t1");
        return reply == null ? null : new String(reply, StandardCharsets.ISO_8859_1);
    }

    @Test
    void aRequestWithABrokenContentLengthGetsA400WithItsOwnHeadersAndNoBody() {
        String request = HEAD + "Content-Type: application/sdp\r\nContent-Length: abc\r\n\r\nv=0\r\nsecret body\r\n";
        assertThat(answer(request)).isEqualTo("SIP/2.0 400 Bad Request\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-1;rport\r\n"
                + "From: <sip:999@127.0.0.1>;tag=c1\r\n"
                + "To: <sip:201@127.0.0.1>;tag=t1\r\n"
                + "Call-ID: abc@corpus\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Content-Length: 0\r\n\r\n");
    }

    @Test
    void compactNamesFoldedLinesAndAnExistingToTagAreKept() {
        String request = "BYE sip:201@127.0.0.1 SIP/2.0\r\nv: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-2\r\n"
                + "f: <sip:999@127.0.0.1>;tag=c1\r\nt: <sip:201@127.0.0.1>\r\n ;tag=x9\r\ni: id-2\r\n"
                + "CSeq: 2 BYE\r\nUser-Agent: a phone with a long product token\r\nl: nope\r\n\r\n";
        assertThat(answer(request)).contains("\r\nTo: <sip:201@127.0.0.1> ;tag=x9\r\nCall-ID: id-2\r\n")
                .doesNotContain("tag=t1");
    }

    @Test
    void nothingIsSentWhenTheAnswerCouldNotBeRoutedOrMatched() {
        assertThat(answer(HEAD.replace("Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-1;rport\r\n", "")
                + "Content-Length: x\r\n\r\n")).as("no Via").isNull();
        assertThat(answer(HEAD.replace("CSeq: 1 INVITE\r\n", "") + "Content-Length: x\r\n\r\n")).as("no CSeq").isNull();
        assertThat(answer("SIP/2.0 200 OK\r\n" + HEAD.substring(HEAD.indexOf("Via")) + "\r\n")).as("a response").isNull();
        assertThat(answer(HEAD.replace("INVITE", "ACK") + "Content-Length: x\r\n\r\n")).as("an ACK").isNull();
        assertThat(answer("\u0000\u0001garbage\r\n\r\n")).as("binary").isNull();
    }

    @Test
    void aHeaderWithABareLineBreakOrControlCharacterIsNeverCopied() {
        assertThat(answer(HEAD.replace("From: <sip", "From: \"Eve\nX-Injected: yes\" <sip") + "\r\n")).isNull();
        assertThat(answer(HEAD.replace("To: <sip", "To: \"Eve\rX-Injected: yes\" <sip") + "\r\n")).isNull();
        assertThat(answer(HEAD.replace("Call-ID: abc", "Call-ID: a\u0000bc") + "\r\n")).isNull();
    }

    @Test
    void theAnswerIsNeverLongerThanTheRequest() {
        String tiny = "A sip:a SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK-3\r\nFrom: a\r\nTo: b\r\nCall-ID: c\r\nCSeq: 1 A\r\n";
        assertThat(answer(tiny)).as("a request shorter than its answer would be").isNull();
        String manyVias = HEAD + "Via: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bK-x\r\n".repeat(1000) + "Content-Length: x\r\n\r\n";
        assertThat(answer(manyVias)).hasSizeLessThanOrEqualTo(manyVias.length()).contains("127.0.0.2");
    }

    @Test
    void aDatagramOfThousandsOfContinuationLinesIsReadWhole() {
        // 16,000 one-character folds of one header: joined in one pass (was a copy per line); the joined value is too
        // long to copy into an answer, so the request is dropped
        String folded = HEAD.replace("CSeq: 1 INVITE\r\n", "CSeq: 1 INVITE\r\nSubject: x\r\n" + " y\r\n".repeat(16_000))
                + "Content-Length: x\r\n\r\n";
        assertThat(folded.length()).isGreaterThan(60_000);
        assertThat(answer(folded)).as("the Subject is not copied, so the answer stands").startsWith("SIP/2.0 400");
        String foldedFrom = HEAD.replace("From: <sip:999@127.0.0.1>;tag=c1\r\n",
                "From: <sip:999@127.0.0.1>;tag=c1\r\n" + " y\r\n".repeat(16_000)) + "Content-Length: x\r\n\r\n";
        assertThat(answer(foldedFrom)).as("a From longer than any answer may copy").isNull();
    }
}
