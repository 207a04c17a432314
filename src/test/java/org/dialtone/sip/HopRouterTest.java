package org.dialtone.sip;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sip.SipFactory;
import javax.sip.address.Hop;
import javax.sip.message.Request;
import org.junit.jupiter.api.Test;

/**
 * Two devices that use the same Call-ID are routed apart: the pin of a dialog a device started holds only for requests
 * with the switch's own tag of that dialog, and a Call-ID the switch generated keeps its pin whatever a device reuses.
 */
class HopRouterTest {
    private final HopRouter router = new HopRouter(null, (String) null);

    @Test
    void devicesReusingOneCallIdKeepTheirOwnRoutes() throws Exception {
        router.pin("same@device", "tagA", "127.0.0.10", 5070, "udp");
        router.pin("same@device", "tagB", "127.0.0.11", 5080, "tcp");

        assertThat(hop(request("same@device", "tagA"))).isEqualTo("127.0.0.10:5070/udp");
        assertThat(hop(request("same@device", "tagB"))).isEqualTo("127.0.0.11:5080/tcp");

        router.unpin("same@device", "tagB");
        assertThat(hop(request("same@device", "tagA"))).as("B's end does not unpin A").isEqualTo("127.0.0.10:5070/udp");
        assertThat(hop(request("same@device", "tagB"))).as("to the Request-URI").isEqualTo("127.0.0.99:5099/udp");
        assertThat(router.pinnedPeers("udp")).containsExactly("127.0.0.10:5070");
    }

    @Test
    void aDeviceReusingACallIdTheSwitchGeneratedDoesNotRedirectIt() throws Exception {
        router.pin("ours@switch", "127.0.0.20", 5060, "udp");
        router.pin("ours@switch", "theirTag", "127.0.0.66", 6666, "udp");

        assertThat(hop(request("ours@switch", "ourFromTag"))).isEqualTo("127.0.0.20:5060/udp");
        router.unpin("ours@switch", "theirTag");
        assertThat(hop(request("ours@switch", "ourFromTag"))).isEqualTo("127.0.0.20:5060/udp");
    }

    private String hop(Request request) {
        Hop h = router.getNextHop(request);
        return h.getHost() + ":" + h.getPort() + "/" + h.getTransport();
    }

    private static Request request(String callId, String fromTag) throws Exception {
        String text = "BYE sip:dev@127.0.0.99:5099 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK1\r\n"
                + "From: <sip:switch@127.0.0.1>;tag=" + fromTag + "\r\nTo: <sip:dev@127.0.0.99>;tag=x\r\n"
                + "Call-ID: " + callId + "\r\nCSeq: 2 BYE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        return SipFactory.getInstance().createMessageFactory().createRequest(text);
    }
}
