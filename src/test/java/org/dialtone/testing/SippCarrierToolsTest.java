package org.dialtone.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure-Java helpers of the carrier tests: the digest check and sipp's message log. */
class SippCarrierToolsTest {

    @Test
    void digestCheckAcceptsTheRfc2617ExampleAndNothingElse() {
        // RFC 2617 3.5, with qop=auth
        String header = "Digest username=\"Mufasa\", realm=\"testrealm@host.com\","
                + " nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", qop=auth, nc=00000001,"
                + " cnonce=\"0a4f113b\", response=\"6629fae49393a05397450978507c4ef1\","
                + " opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";
        String nonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093";
        assertThat(DigestCheck.params(header)).containsEntry("qop", "auth").containsEntry("nc", "00000001")
                .containsEntry("uri", "/dir/index.html");
        assertThat(DigestCheck.valid(header, "GET", "Mufasa", "Circle Of Life", nonce)).isTrue();
        assertThat(DigestCheck.valid(header, "GET", "Mufasa", "circle of life", nonce)).as("password").isFalse();
        assertThat(DigestCheck.valid(header, "POST", "Mufasa", "Circle Of Life", nonce)).as("method").isFalse();
        assertThat(DigestCheck.valid(header, "GET", "Simba", "Circle Of Life", nonce)).as("user").isFalse();
        assertThat(DigestCheck.valid(header, "GET", "Mufasa", "Circle Of Life", "other")).as("nonce").isFalse();
    }

    @Test
    void messageLogGivesEverySentAndReceivedMessage() {
        String log = """
                ----------------------------------------------- 2026-12-01 15:06:04.080526
                UDP message received [595] bytes :

                INVITE sip:+12025550111@127.0.0.3:25090 SIP/2.0\r
                Via: SIP/2.0/UDP 127.0.0.2:25094;branch=z9hG4bK-16941-1-0;rport\r
                From: "Dana Outside" <sip:+13125550177@127.0.0.2>;tag=16941SIPpDid1\r
                Content-Type: application/sdp\r
                Content-Length:   10\r
                \r
                v=0\r
                s=-\r

                ----------------------------------------------- 2026-12-01 15:06:04.080611
                UDP message sent (253 bytes):

                SIP/2.0 100 Trying\r
                Via: SIP/2.0/UDP 127.0.0.2:25094;branch=z9hG4bK-16941-1-0;rport\r
                Content-Length: 0\r
                \r

                """;
        List<SippMessageLog.Message> messages = SippMessageLog.parse(log);
        assertThat(messages).hasSize(2);
        SippMessageLog.Message invite = messages.get(0);
        assertThat(invite.received()).isTrue();
        assertThat(invite.isRequest("INVITE")).isTrue();
        assertThat(invite.requestUri()).isEqualTo("sip:+12025550111@127.0.0.3:25090");
        assertThat(invite.requestUser()).isEqualTo("+12025550111");
        assertThat(invite.header("from")).hasValue("\"Dana Outside\" <sip:+13125550177@127.0.0.2>;tag=16941SIPpDid1");
        assertThat(invite.header("P-Asserted-Identity")).isEmpty();
        assertThat(invite.body()).isEqualTo("v=0\ns=-");
        SippMessageLog.Message trying = messages.get(1);
        assertThat(trying.received()).isFalse();
        assertThat(trying.isResponse(100)).isTrue();
        assertThat(trying.body()).isEmpty();
    }
}
