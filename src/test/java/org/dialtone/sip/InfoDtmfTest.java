package org.dialtone.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import javax.sip.SipFactory;
import javax.sip.message.Request;
import org.junit.jupiter.api.Test;

/** The DTMF of a SIP INFO, as phones send it: application/dtmf-relay or application/dtmf; anything else is none. */
class InfoDtmfTest {
    @Test
    void dtmfRelayGivesTheDigitAndItsDuration() throws Exception {
        assertThat(InfoDtmf.of(info("application/dtmf-relay", "Signal=5\r\nDuration=250\r\n")))
                .contains(new InfoDtmf('5', Duration.ofMillis(250)));
        assertThat(InfoDtmf.of(info("application/dtmf-relay", "signal= #\nduration=100")))
                .contains(new InfoDtmf('#', Duration.ofMillis(100)));
        assertThat(InfoDtmf.of(info("application/dtmf-relay", "Signal=d"))).contains(new InfoDtmf('D', InfoDtmf.DEFAULT_DURATION));
        assertThat(InfoDtmf.of(info("application/dtmf", "7\r\n"))).contains(new InfoDtmf('7', InfoDtmf.DEFAULT_DURATION));
    }

    @Test
    void otherContentOrABadDigitIsNoDtmf() throws Exception {
        assertThat(InfoDtmf.of(info("application/dtmf-relay", "Signal=55\r\n"))).isEmpty();
        assertThat(InfoDtmf.of(info("application/dtmf-relay", "Signal=x\r\n"))).isEmpty();
        assertThat(InfoDtmf.of(info("application/dtmf-relay", "Duration=100\r\n"))).isEmpty();
        assertThat(InfoDtmf.of(info("application/media_control+xml", "<media_control/>"))).isEmpty();
        assertThat(InfoDtmf.of(info("application/dtmf-relay", "Signal=1\r\n" + "x".repeat(300)))).isEmpty();
        assertThat(InfoDtmf.of(info(null, ""))).isEmpty();
    }

    private static Request info(String contentType, String body) throws Exception {
        String text = "INFO sip:200@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1\r\n"
                + "From: <sip:201@127.0.0.1>;tag=a\r\nTo: <sip:200@127.0.0.1>;tag=b\r\nCall-ID: c1\r\n"
                + "CSeq: 3 INFO\r\nMax-Forwards: 70\r\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
        return SipFactory.getInstance().createMessageFactory().createRequest(text);
    }

}
