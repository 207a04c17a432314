package org.dialtone.sip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SipResponsesTest {

    @Test
    void aWarningQuotingWhatThePeerSentStaysOneQuotedStringOfPrintableAscii() {
        // SdpParser quotes the offending SDP line; the stack writes the text between quotes as it is
        assertThat(SipResponses.warningText("line 7: expected '<type>=<value>', got '\"quoted\" \\ backslash'"))
                .isEqualTo("line 7: expected '<type>=<value>', got '?quoted? ? backslash'");
        assertThat(SipResponses.warningText("got '\u0000\u001b[2J\u0007\u007f\u00e9\ufffd'")).isEqualTo("got '??[2J????'");
        assertThat(SipResponses.warningText("no common codec: " + "96 X96/8000, ".repeat(40)))
                .hasSize(SipResponses.MAX_WARNING_CHARS).endsWith("...");
        assertThat(SipResponses.warningText("c= address 'victim.invalid' is not an IP address"))
                .isEqualTo("c= address 'victim.invalid' is not an IP address");
    }
}
