package org.dialtone.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the stack's TCP parser is given of what a peer sent: CRLF lines, a full Content-Length, the body untouched. */
class TcpFramingTest {
    private static final String CRLF_MESSAGE = "OPTIONS sip:a SIP/2.0\r\nCall-ID: 1\r\nContent-Length: 4\r\n\r\nab\ncOPTIONS";

    /** Feeds {@code text} one byte at a time (the worst split a TCP stream can have) and returns what the stack gets. */
    private static String bytewise(TcpFraming framing, String text) throws TcpFraming.Refused {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : text.getBytes(StandardCharsets.ISO_8859_1)) out.writeBytes(framing.feed(new byte[] {b}));
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static String whole(String text) throws TcpFraming.Refused {
        return new String(new TcpFraming(65_536).feed(text.getBytes(StandardCharsets.ISO_8859_1)),
                StandardCharsets.ISO_8859_1);
    }

    @Test
    void aCrlfMessageAndItsBodyPassAsTheyAre() throws Exception {
        assertThat(whole(CRLF_MESSAGE)).isEqualTo(CRLF_MESSAGE.substring(0, CRLF_MESSAGE.length() - "OPTIONS".length()));
        assertThat(bytewise(new TcpFraming(65_536), CRLF_MESSAGE + " sip:b SIP/2.0\r\n\r\n"))
                .isEqualTo(CRLF_MESSAGE + " sip:b SIP/2.0\r\n\r\n");
    }

    @Test
    void lfLineEndsBecomeCrlfAndTheCompactContentLengthIsWrittenInFull() throws Exception {
        String lfOnly = "OPTIONS sip:a SIP/2.0\ni: 1\nl: 3\n\nx\ny";
        assertThat(bytewise(new TcpFraming(65_536), lfOnly))
                .isEqualTo("OPTIONS sip:a SIP/2.0\r\nCall-ID: 1\r\nContent-Length: 3\r\n\r\nx\ny");
        assertThat(whole("OPTIONS sip:a SIP/2.0\r\nL : 2\r\n\r\nab"))
                .isEqualTo("OPTIONS sip:a SIP/2.0\r\nContent-Length: 2\r\n\r\nab");
    }

    @Test
    void keepAlivesBetweenMessagesReachTheStack() throws Exception {
        assertThat(whole("\r\n\r\n")).isEqualTo("\r\n\r\n");
    }

    @Test
    void whatCannotBeFramedHonestlyIsRefused() {
        assertThatThrownBy(() -> whole("OPTIONS sip:a SIP/2.0\rCall-ID: 1\r\r"))
                .isInstanceOf(TcpFraming.Refused.class).hasMessageContaining("CR alone");
        assertThatThrownBy(() -> whole("INVITE sip:a SIP/2.0\r\nFrom: \"Eve\nX-Injected: yes\" <sip:e@h>\r\n"))
                .isInstanceOf(TcpFraming.Refused.class).hasMessageContaining("mixes CRLF and LF");
        assertThatThrownBy(() -> whole("OPTIONS sip:a SIP/2.0\r\nl: -5\r\n\r\n"))
                .isInstanceOf(TcpFraming.Refused.class).hasMessageContaining("\"-5\"");
        assertThatThrownBy(() -> whole("OPTIONS sip:a SIP/2.0\r\nContent-Length: 99999999\r\n\r\n"))
                .isInstanceOf(TcpFraming.Refused.class).hasMessageContaining("at most 65536");
        assertThatThrownBy(() -> new TcpFraming(100).feed(new byte[101]))
                .isInstanceOf(TcpFraming.Refused.class).hasMessageContaining("longer than 100");
    }
}
