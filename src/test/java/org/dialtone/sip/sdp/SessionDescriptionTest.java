package org.dialtone.sip.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Vector;
import org.junit.jupiter.api.Test;

class SessionDescriptionTest {

    static final String BARESIP_OFFER = """
            v=0
            o=- 1234 5678 IN IP4 127.0.0.1
            s=-
            c=IN IP4 127.0.0.1
            t=0 0
            m=audio 10000 RTP/AVP 0 8 101
            a=rtpmap:0 PCMU/8000
            a=rtpmap:8 PCMA/8000
            a=rtpmap:101 telephone-event/8000
            a=fmtp:101 0-15
            a=ptime:20
            a=sendrecv
            """;

    @Test void parsesBaresipOffer() throws Exception {
        SessionDescription sdp = SessionDescription.parse(BARESIP_OFFER);
        assertThat(sdp.originUsername()).isEqualTo("-");
        assertThat(sdp.originSessionId()).isEqualTo("1234");
        assertThat(sdp.originVersion()).isEqualTo("5678");
        assertThat(sdp.originAddress()).isEqualTo("127.0.0.1");
        assertThat(sdp.sessionName()).isEqualTo("-");
        assertThat(sdp.connectionAddress()).isEqualTo("127.0.0.1");
        assertThat(sdp.media()).hasSize(1);
        MediaDescription audio = sdp.media().get(0);
        assertThat(audio.media()).isEqualTo("audio");
        assertThat(audio.port()).isEqualTo(10000);
        assertThat(audio.protocol()).isEqualTo("RTP/AVP");
        assertThat(audio.formats()).containsExactly("0", "8", "101");
        assertThat(audio.payloadTypes()).containsExactly(0, 8, 101);
        assertThat(audio.rtpmaps()).containsExactly(Map.entry(0, RtpMap.PCMU), Map.entry(8, RtpMap.PCMA),
                Map.entry(101, new RtpMap(101, "telephone-event", 8000, null)));
        assertThat(audio.fmtps()).containsExactly(Map.entry(101, "0-15"));
        assertThat(audio.ptime()).isEqualTo(20);
        assertThat(audio.direction()).isEqualTo(MediaDirection.SENDRECV);
        assertThat(audio.connectionAddress()).isNull();
        assertThat(sdp.connectionFor(audio)).isEqualTo("127.0.0.1");
    }

    @Test void crLfAndStaticPayloadsWithoutRtpmap() throws Exception {
        SessionDescription sdp = SessionDescription.parse("v=0\r\no=alice 1 1 IN IP6 2001:db8::1\r\ns=call\r\nt=0 0\r\n"
                + "m=audio 4000 RTP/AVP 8 0\r\nc=IN IP6 2001:db8::2\r\n");
        MediaDescription audio = sdp.media().get(0);
        assertThat(sdp.connectionAddress()).isNull();
        assertThat(audio.connectionAddress()).isEqualTo("2001:db8::2");
        assertThat(audio.rtpmaps()).isEmpty();
        assertThat(audio.rtpmap(0)).contains(RtpMap.PCMU);
        assertThat(audio.rtpmap(8)).contains(RtpMap.PCMA);
        assertThat(audio.rtpmap(96)).isEmpty();
        assertThat(audio.ptime()).isZero();
    }

    @Test void sessionLevelDirectionIsTheDefaultAndMediaLevelWins() throws Exception {
        SessionDescription sdp = SessionDescription.parse("""
                v=0
                o=- 1 1 IN IP4 192.0.2.1
                s=-
                c=IN IP4 192.0.2.1
                t=0 0
                a=sendonly
                m=audio 4000 RTP/AVP 0
                m=audio 4002 RTP/AVP 0
                a=inactive
                """);
        assertThat(sdp.media()).extracting(MediaDescription::direction)
                .containsExactly(MediaDirection.SENDONLY, MediaDirection.INACTIVE);
    }

    @Test void keepsNonRtpStreamsSuchAsT38() throws Exception {
        SessionDescription sdp = SessionDescription.parse("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\n"
                + "t=0 0\nm=image 4000 udptl t38\na=T38FaxVersion:0\n");
        MediaDescription image = sdp.media().get(0);
        assertThat(image.formats()).containsExactly("t38");
        assertThat(image.isRtp()).isFalse();
        assertThat(image.payloadTypes()).isEmpty();
    }

    @Test void ignoresUnmodelledLinesAndAttributes() throws Exception {
        SessionDescription sdp = SessionDescription.parse("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\ni=info\nc=IN IP4 192.0.2.1\n"
                + "b=AS:64\nt=0 0\nm=audio 4000/2 RTP/AVP 0\na=rtcp:4001\na=ptime:20.0\n\n");
        assertThat(sdp.media().get(0).port()).isEqualTo(4000);
        assertThat(sdp.media().get(0).ptime()).isEqualTo(20);
    }

    @Test void malformedInputsNameTheProblem() {
        assertSdpError(null, "empty SDP");
        assertSdpError("   ", "empty SDP");
        assertSdpError("o=- 1 1 IN IP4 1.2.3.4\n", "line 1: SDP must start with v=");
        assertSdpError("v=1\n", "line 1: unsupported SDP version '1'");
        assertSdpError("v=0\ns=-\nc=IN IP4 1.2.3.4\nm=audio 4000 RTP/AVP 0\n", "missing o= line");
        assertSdpError("v=0\no=- 1 1 IN IP4 1.2.3.4\ns=-\nc=IN IP4 1.2.3.4\n", "no m= line");
        assertSdpError("v=0\no=- 1 1 IN IP4 1.2.3.4\ns=-\nc=IN IP4 1.2.3.4\nm=audio abc RTP/AVP 0\n",
                "line 5: m= port 'abc' is not a number 0-65535");
        assertSdpError("v=0\no=- 1 1 IN IP4 1.2.3.4\ns=-\nc=IN IP4 1.2.3.4\nm=audio 70000 RTP/AVP 0\n",
                "line 5: m= port '70000'");
        assertSdpError("v=0\no=- 1 1 IN IP4 1.2.3.4\ns=-\nm=audio 4000 RTP/AVP 0\n",
                "line 4: m=audio has no c= line and there is no session-level c= line");
        assertSdpError("v=0\no=- 1 1 IN IP4 1.2.3.4\ns=-\nc=IN IP4 1.2.3.4\nm=audio 4000 RTP/AVP\n",
                "line 5: m= needs '<media> <port> <proto> <format>...'");
        assertSdpError("v=0\no=- 1 1 IN IP4 1.2.3.4\ns=-\nc=IN IP4 1.2.3.4\nm=audio 4000 RTP/AVP 0 x\n",
                "line 5: m= format 'x' is not an RTP payload type");
        assertSdpError("v=0\no=- 1 IN IP4 1.2.3.4\n", "line 2: o= needs 6 fields");
        assertSdpError("v=0\no=- abc 1 IN IP4 1.2.3.4\n", "line 2: o= sess-id 'abc' is not numeric");
        assertSdpError("v=0\no=- 1 1 IN IP4 1.2.3.4\nc=IN IPX 1.2.3.4\n", "line 3: c= address type 'IPX'");
        assertSdpError("v=0\no=- 1 1 IN IP4 1.2.3.4\nc=IN IP4\n", "line 3: c= needs 'IN IP4 <address>'");
        assertSdpError("v=0\no=- 1 1 IN IP4 1.2.3.4\nc=IN IP4 1.2.3.4\nm=audio 4000 RTP/AVP 0\na=rtpmap:0 PCMU\n",
                "line 5: malformed a=rtpmap '0 PCMU'");
        assertSdpError("v=0\no=- 1 1 IN IP4 1.2.3.4\nc=IN IP4 1.2.3.4\nm=audio 4000 RTP/AVP 0\na=rtpmap:x PCMU/8000\n",
                "line 5: a=rtpmap payload type 'x'");
        assertSdpError("v=0\no=- 1 1 IN IP4 1.2.3.4\nc=IN IP4 1.2.3.4\nm=audio 4000 RTP/AVP 0\na=ptime:soon\n",
                "line 5: a=ptime 'soon' is not a number");
        assertSdpError("v=0\nthis is not sdp\n", "line 2: expected '<type>=<value>'");
    }

    @Test void formatProducesCrLfSdpThatParsesBackToTheSameModel() throws Exception {
        SessionDescription original = SessionDescription.parse(BARESIP_OFFER);
        String text = original.format();
        assertThat(text).isEqualTo("v=0\r\no=- 1234 5678 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 10000 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n");
        assertThat(SessionDescription.parse(text)).isEqualTo(original);
    }

    @Test void roundTripWithIpv6MediaLevelConnectionAndSeveralStreams() throws Exception {
        SessionDescription sdp = new SessionDescription("bob", "99999999999999999999", "2", "2001:db8::1", "x", null,
                List.of(MediaDescription.rtp("audio", 5004, List.of(8), Map.of(), Map.of(), MediaDirection.RECVONLY,
                                "2001:db8::1", 30),
                        new MediaDescription("video", 0, "RTP/AVP", List.of("96"), Map.of(), Map.of(),
                                MediaDirection.INACTIVE, "2001:db8::1", 0)));
        String text = sdp.format();
        assertThat(text).contains("o=bob 99999999999999999999 2 IN IP6 2001:db8::1\r\n")
                .contains("m=audio 5004 RTP/AVP 8\r\nc=IN IP6 2001:db8::1\r\na=ptime:30\r\na=recvonly\r\n")
                .doesNotContain("\r\nc=IN IP6 2001:db8::1\r\nt=");
        assertThat(SessionDescription.parse(text)).isEqualTo(sdp);
    }

    @Test void agreesWithJainSipSdpParser() throws Exception {
        String[] inputs = {BARESIP_OFFER.replace("\n", "\r\n"),
                "v=0\r\no=alice 2890844526 2890844527 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n"
                        + "m=audio 49170 RTP/AVP 8 0 97\r\na=rtpmap:97 telephone-event/8000\r\na=sendonly\r\n"
                        + "m=video 51372 RTP/AVP 31\r\nc=IN IP4 192.0.2.11\r\n"};
        for (String input : inputs) {
            SessionDescription ours = SessionDescription.parse(input);
            javax.sdp.SessionDescription theirs = javax.sdp.SdpFactory.getInstance().createSessionDescription(input);
            assertThat(ours.originUsername()).isEqualTo(theirs.getOrigin().getUsername());
            assertThat(Long.parseLong(ours.originSessionId())).isEqualTo(theirs.getOrigin().getSessionId());
            assertThat(Long.parseLong(ours.originVersion())).isEqualTo(theirs.getOrigin().getSessionVersion());
            assertThat(ours.originAddress()).isEqualTo(theirs.getOrigin().getAddress());
            assertThat(ours.connectionAddress()).isEqualTo(theirs.getConnection().getAddress());
            Vector<?> theirMedia = theirs.getMediaDescriptions(false);
            assertThat(ours.media()).hasSize(theirMedia.size());
            for (int i = 0; i < theirMedia.size(); i++) {
                javax.sdp.MediaDescription tm = (javax.sdp.MediaDescription) theirMedia.get(i);
                MediaDescription om = ours.media().get(i);
                assertThat(om.media()).isEqualTo(tm.getMedia().getMediaType());
                assertThat(om.port()).isEqualTo(tm.getMedia().getMediaPort());
                assertThat(om.protocol()).isEqualTo(tm.getMedia().getProtocol());
                Vector<?> theirFormats = tm.getMedia().getMediaFormats(false);
                assertThat(om.formats()).isEqualTo(List.copyOf(theirFormats));
                String theirConnection = tm.getConnection() == null ? null : tm.getConnection().getAddress();
                assertThat(om.connectionAddress()).isEqualTo(theirConnection);
                String theirRtpmap = tm.getAttribute("rtpmap");
                if (theirRtpmap != null) {
                    assertThat(theirRtpmap).isEqualTo(om.rtpmaps().values().iterator().next().attributeValue());
                }
            }
        }
    }

    private static void assertSdpError(String sdp, String message) {
        assertThatThrownBy(() -> SessionDescription.parse(sdp)).isInstanceOf(SdpException.class)
                .hasMessageContaining(message);
    }
}
