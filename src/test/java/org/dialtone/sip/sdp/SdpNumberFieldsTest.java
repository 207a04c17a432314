package org.dialtone.sip.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The numeric fields accept exactly what the regex checks they replaced accepted: 1..n ASCII digits. */
class SdpNumberFieldsTest {
    private static String offer(String port, String format, String ptime) {
        return "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
                + "m=audio " + port + " RTP/AVP " + format + "\r\na=ptime:" + ptime + "\r\n";
    }

    @Test void plainNumbersAreRead() throws Exception {
        MediaDescription m = SessionDescription.parse(offer("40000", "0", "20")).media().getFirst();
        assertThat(m.port()).isEqualTo(40000);
        assertThat(m.formats()).containsExactly("0");
    }

    @Test void nonAsciiDigitsSignsAndOverlongNumbersAreRefused() {
        for (String port : new String[] {"٤٠٠٠٠", "+4000", "-1", "123456", ""}) {
            assertThatThrownBy(() -> SessionDescription.parse(offer(port, "0", "20"))).as(port)
                    .isInstanceOf(SdpException.class);
        }
        for (String format : new String[] {"٠", "1000", "x"}) {
            assertThatThrownBy(() -> SessionDescription.parse(offer("40000", format, "20"))).as(format)
                    .isInstanceOf(SdpException.class);
        }
        assertThatThrownBy(() -> SessionDescription.parse(offer("40000", "0", "12345")))
                .isInstanceOf(SdpException.class).hasMessageContaining("ptime");
    }

    @Test void digitCheck() {
        assertThat(SdpParser.isDigits("007", 3)).isTrue();
        assertThat(SdpParser.isDigits("0070", 3)).isFalse();
        assertThat(SdpParser.isDigits("", 3)).isFalse();
        assertThat(SdpParser.isDigits("1a", 3)).isFalse();
    }
}
