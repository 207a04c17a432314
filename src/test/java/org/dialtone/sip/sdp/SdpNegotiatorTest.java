package org.dialtone.sip.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SdpNegotiatorTest {

    final SdpNegotiator negotiator = new SdpNegotiator();

    static SessionDescription offer(String connection, String mediaLines) throws SdpException {
        return SessionDescription.parse("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 " + connection + "\nt=0 0\n"
                + mediaLines);
    }

    @Test void answersBaresipOfferWithPcmuAndTelephoneEvent() throws Exception {
        SessionDescription baresip = SessionDescription.parse(SessionDescriptionTest.BARESIP_OFFER);
        SdpNegotiator.Answer answer = negotiator.answer(baresip, "198.51.100.7", 20000, 42);
        assertThat(answer.payloadType()).isEqualTo(0);
        assertThat(answer.telephoneEventPt()).isEqualTo(101);
        assertThat(answer.remoteRtp()).isEqualTo(new InetSocketAddress("127.0.0.1", 10000));
        assertThat(answer.remoteRtp().isUnresolved()).isFalse();
        assertThat(answer.remoteDirection()).isEqualTo(MediaDirection.SENDRECV);
        assertThat(answer.hold()).isFalse();
        assertThat(answer.sdp().format()).isEqualTo("v=0\r\no=dialtone 42 42 IN IP4 198.51.100.7\r\ns=-\r\n"
                + "c=IN IP4 198.51.100.7\r\nt=0 0\r\nm=audio 20000 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n");
    }

    @Test void honoursOfferOrderPcmaFirst() throws Exception {
        SdpNegotiator.Answer answer = negotiator.answer(offer("192.0.2.1", "m=audio 4000 RTP/AVP 8 0\n"),
                "198.51.100.7", 20000, 7, 1);
        assertThat(answer.payloadType()).isEqualTo(8);
        assertThat(answer.telephoneEventPt()).isEqualTo(-1);
        MediaDescription audio = answer.sdp().media().get(0);
        assertThat(audio.payloadTypes()).containsExactly(8);
        assertThat(audio.rtpmaps()).containsExactly(Map.entry(8, RtpMap.PCMA));
        assertThat(answer.sdp().originSessionId()).isEqualTo("7");
        assertThat(answer.sdp().originVersion()).isEqualTo("1");
    }

    @Test void skipsUnsupportedCodecsAndKeepsTheOfferedTelephoneEventNumber() throws Exception {
        SdpNegotiator.Answer answer = negotiator.answer(offer("192.0.2.1", """
                m=audio 4000 RTP/AVP 9 96 8 0 97
                a=rtpmap:96 opus/48000/2
                a=rtpmap:97 telephone-event/8000
                """), "198.51.100.7", 20000, 1);
        assertThat(answer.payloadType()).isEqualTo(8);
        assertThat(answer.telephoneEventPt()).isEqualTo(97);
        MediaDescription audio = answer.sdp().media().get(0);
        assertThat(audio.payloadTypes()).containsExactly(8, 97);
        assertThat(audio.fmtps()).containsExactly(Map.entry(97, "0-15"));
    }

    @Test void telephoneEventOnAStaticPayloadTypeIsNotUsed() throws Exception {
        SdpNegotiator.Answer answer = negotiator.answer(offer("192.0.2.1", """
                m=audio 4000 RTP/AVP 0 8
                a=rtpmap:0 PCMU/8000
                a=rtpmap:8 telephone-event/8000
                """), "198.51.100.7", 20000, 1);
        assertThat(answer.payloadType()).isEqualTo(0);
        assertThat(answer.telephoneEventPt()).isEqualTo(-1);
        assertThat(answer.sdp().media().get(0).payloadTypes()).containsExactly(0);
    }

    @Test void telephoneEventAtAnotherClockRateIsNotUsed() throws Exception {
        SdpNegotiator.Answer answer = negotiator.answer(offer("192.0.2.1", """
                m=audio 4000 RTP/AVP 0 100
                a=rtpmap:100 telephone-event/48000
                """), "198.51.100.7", 20000, 1);
        assertThat(answer.telephoneEventPt()).isEqualTo(-1);
        assertThat(answer.sdp().media().get(0).payloadTypes()).containsExactly(0);
    }

    @Test void sendonlyOfferIsHoldAndAnsweredRecvonly() throws Exception {
        SdpNegotiator.Answer answer = negotiator.answer(offer("192.0.2.1", "m=audio 4000 RTP/AVP 0\na=sendonly\n"),
                "198.51.100.7", 20000, 2);
        assertThat(answer.hold()).isTrue();
        assertThat(answer.remoteDirection()).isEqualTo(MediaDirection.SENDONLY);
        assertThat(answer.sdp().media().get(0).direction()).isEqualTo(MediaDirection.RECVONLY);
    }

    @Test void inactiveOfferIsHoldAndAnsweredInactive() throws Exception {
        SdpNegotiator.Answer answer = negotiator.answer(offer("192.0.2.1", "m=audio 4000 RTP/AVP 0\na=inactive\n"),
                "198.51.100.7", 20000, 2);
        assertThat(answer.hold()).isTrue();
        assertThat(answer.sdp().media().get(0).direction()).isEqualTo(MediaDirection.INACTIVE);
    }

    @Test void zeroConnectionAddressIsHold() throws Exception {
        SdpNegotiator.Answer answer = negotiator.answer(offer("0.0.0.0", "m=audio 4000 RTP/AVP 0\n"),
                "198.51.100.7", 20000, 2);
        assertThat(answer.hold()).isTrue();
        assertThat(answer.remoteDirection()).isEqualTo(MediaDirection.SENDRECV);
        assertThat(answer.sdp().media().get(0).direction()).isEqualTo(MediaDirection.SENDRECV);
        assertThat(answer.sdp().connectionAddress()).isEqualTo("198.51.100.7");
    }

    @Test void recvonlyOfferIsNotHoldAndAnsweredSendonly() throws Exception {
        SdpNegotiator.Answer answer = negotiator.answer(offer("192.0.2.1", "m=audio 4000 RTP/AVP 0\na=recvonly\n"),
                "198.51.100.7", 20000, 2);
        assertThat(answer.hold()).isFalse();
        assertThat(answer.sdp().media().get(0).direction()).isEqualTo(MediaDirection.SENDONLY);
    }

    @Test void noCommonCodecListsWhatWasOffered() throws Exception {
        SessionDescription g722Only = offer("192.0.2.1", "m=audio 4000 RTP/AVP 9 18 101\n"
                + "a=rtpmap:101 telephone-event/8000\n");
        assertThatThrownBy(() -> negotiator.answer(g722Only, "198.51.100.7", 20000, 1))
                .isInstanceOf(SdpException.class)
                .hasMessage("no common codec: offered 9 G722/8000, 18 G729/8000, 101 telephone-event/8000;"
                        + " we support 0 PCMU/8000, 8 PCMA/8000");
    }

    @Test void payloadZeroRemappedToAnotherCodecIsNotPcmu() throws Exception {
        SessionDescription odd = offer("192.0.2.1", "m=audio 4000 RTP/AVP 0\na=rtpmap:0 opus/48000\n");
        assertThatThrownBy(() -> negotiator.answer(odd, "198.51.100.7", 20000, 1))
                .isInstanceOf(SdpException.class).hasMessageStartingWith("no common codec: offered 0 opus/48000");
    }

    @Test void noAudioStreamIsRejected() throws Exception {
        assertThatThrownBy(() -> negotiator.answer(offer("192.0.2.1", "m=video 5000 RTP/AVP 96\n"), "198.51.100.7",
                20000, 1)).isInstanceOf(SdpException.class).hasMessageContaining("no usable audio stream");
        assertThatThrownBy(() -> negotiator.answer(offer("192.0.2.1", "m=audio 4000 RTP/SAVP 0\n"), "198.51.100.7",
                20000, 1)).isInstanceOf(SdpException.class).hasMessageContaining("no usable audio stream");
    }

    @Test void otherStreamsAreDeclinedWithPortZeroInOrder() throws Exception {
        SdpNegotiator.Answer answer = negotiator.answer(offer("192.0.2.1", """
                m=video 5000 RTP/AVP 96
                a=rtpmap:96 H264/90000
                m=audio 0 RTP/AVP 0
                m=audio 4000 RTP/AVP 8
                c=IN IP4 192.0.2.44
                m=image 6000 udptl t38
                """), "198.51.100.7", 20000, 1);
        List<MediaDescription> media = answer.sdp().media();
        assertThat(media).extracting(MediaDescription::media).containsExactly("video", "audio", "audio", "image");
        assertThat(media).extracting(MediaDescription::port).containsExactly(0, 0, 20000, 0);
        assertThat(media.get(0).formats()).containsExactly("96");
        assertThat(media.get(3).formats()).containsExactly("t38");
        assertThat(answer.remoteRtp()).isEqualTo(new InetSocketAddress("192.0.2.44", 4000));
        assertThat(answer.sdp().format()).contains("m=video 0 RTP/AVP 96\r\na=inactive\r\n")
                .contains("m=image 0 udptl t38\r\n");
    }

    @Test void anOfferWithMoreStreamsThanAnAnswerMayRepeatIsRefused() throws Exception {
        String audio = "m=audio 4000 RTP/AVP 0\n";
        String declined = "m=audio 0 RTP/AVP 0\n";
        var sixteen = offer("192.0.2.1", audio + declined.repeat(SdpNegotiator.MAX_MEDIA_STREAMS - 1));
        assertThat(negotiator.answer(sixteen, "198.51.100.7", 20000, 1).sdp().media()).hasSize(16);
        // 2,500 such lines fit in one INVITE; the answer repeating them did not fit in any UDP datagram
        var many = offer("192.0.2.1", audio + declined.repeat(2_500));
        assertThatThrownBy(() -> negotiator.answer(many, "198.51.100.7", 20000, 1)).isInstanceOf(SdpException.class)
                .hasMessage("offer has 2501 media streams (m= lines); at most 16 are accepted");
    }

    @Test void aDeclinedStreamListsOnlyItsFirstFormatHoweverManyWereOffered() throws Exception {
        StringBuilder tokens = new StringBuilder();
        for (int i = 0; i < 3_000; i++) tokens.append(" t").append(i);
        var answer = negotiator.answer(offer("192.0.2.1", "m=audio 4000 RTP/AVP 0\nm=image 6000 udptl" + tokens
                + "\nm=video 5000 RTP/AVP 96 97 98\n"), "198.51.100.7", 20000, 1);
        assertThat(answer.sdp().media().get(1).formats()).containsExactly("t0");
        assertThat(answer.sdp().media().get(2).formats()).containsExactly("96");
        assertThat(answer.sdp().format()).hasSizeLessThan(400);
    }

    @Test void hostNameInTheOffersConnectionIsRefusedWithoutALookup() throws Exception {
        assertThatThrownBy(() -> negotiator.answer(offer("pbx.invalid", "m=audio 4000 RTP/AVP 0\n"),
                "198.51.100.7", 20000, 1))
                .isInstanceOf(SdpException.class)
                .hasMessage("c= address 'pbx.invalid' is not an IP address (host names are not accepted)");
        // a media-level c= wins over the session-level one, both ways
        SessionDescription mediaLevelName = SessionDescription.parse("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\n"
                + "c=IN IP4 192.0.2.1\nt=0 0\nm=audio 4000 RTP/AVP 0\nc=IN IP4 media.invalid\n");
        assertThatThrownBy(() -> negotiator.answer(mediaLevelName, "198.51.100.7", 20000, 1))
                .isInstanceOf(SdpException.class).hasMessageContaining("'media.invalid'");
        SessionDescription mediaLevelIp = SessionDescription.parse("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\n"
                + "c=IN IP4 session.invalid\nt=0 0\nm=audio 4000 RTP/AVP 0\nc=IN IP4 192.0.2.8\n");
        assertThat(negotiator.answer(mediaLevelIp, "198.51.100.7", 20000, 1).remoteRtp())
                .isEqualTo(new InetSocketAddress("192.0.2.8", 4000));
        // a name on a declined stream does not matter
        SessionDescription declinedVideo = SessionDescription.parse("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\n"
                + "c=IN IP4 192.0.2.1\nt=0 0\nm=video 5000 RTP/AVP 96\nc=IN IP4 video.invalid\n"
                + "m=audio 4000 RTP/AVP 0\n");
        assertThat(negotiator.answer(declinedVideo, "198.51.100.7", 20000, 1).payloadType()).isZero();
        // what a hostile name could carry is not echoed into our quoted Warning header
        assertThatThrownBy(() -> negotiator.answer(offer("a\"b\\c\u00e9", "m=audio 4000 RTP/AVP 0\n"),
                "198.51.100.7", 20000, 1))
                .isInstanceOf(SdpException.class).hasMessageStartingWith("c= address 'a?b?c?' is not an IP address");
        assertThatThrownBy(() -> negotiator.answer(offer("300.1.1.1", "m=audio 4000 RTP/AVP 0\n"),
                "198.51.100.7", 20000, 1))
                .isInstanceOf(SdpException.class).hasMessageContaining("'300.1.1.1' is not an IP address");
        assertThat(SdpNegotiator.socketAddress("2001:db8::5", 9).getAddress().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:5");
        assertThat(negotiator.answer(offer("2001:db8::5", "m=audio 4000 RTP/AVP 0\n"), "198.51.100.7", 20000, 1)
                .remoteRtp().isUnresolved()).isFalse();
    }

    @Test void hostNameInTheAnswersConnectionFailsTheAnswer() throws Exception {
        assertThatThrownBy(() -> negotiator.acceptAnswer(offer("phone.invalid", "m=audio 4000 RTP/AVP 0\n")))
                .isInstanceOf(SdpException.class)
                .hasMessage("c= address 'phone.invalid' is not an IP address (host names are not accepted)");
    }

    @Test void buildsOurOffer() {
        SessionDescription offer = negotiator.offer("198.51.100.7", 30000, 1001, 1, List.of(8, 0), 101,
                MediaDirection.SENDRECV);
        assertThat(offer.format()).isEqualTo("v=0\r\no=dialtone 1001 1 IN IP4 198.51.100.7\r\ns=-\r\n"
                + "c=IN IP4 198.51.100.7\r\nt=0 0\r\nm=audio 30000 RTP/AVP 8 0 101\r\na=rtpmap:8 PCMA/8000\r\n"
                + "a=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\n"
                + "a=sendrecv\r\n");
        SessionDescription hold = negotiator.offer("198.51.100.7", 30000, 1001, 2, List.of(0), -1,
                MediaDirection.SENDONLY);
        assertThat(hold.media().get(0).formats()).containsExactly("0");
        assertThat(hold.media().get(0).direction()).isEqualTo(MediaDirection.SENDONLY);
    }

    @Test void offerRejectsBadArguments() {
        assertThatThrownBy(() -> negotiator.offer("198.51.100.7", 30000, 1, 1, List.of(9), -1, MediaDirection.SENDRECV))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported payload type 9");
        assertThatThrownBy(() -> negotiator.offer("198.51.100.7", 30000, 1, 1, List.of(0), 13, MediaDirection.SENDRECV))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("96-127");
        assertThatThrownBy(() -> negotiator.offer("198.51.100.7", 0, 1, 1, List.of(0), -1, MediaDirection.SENDRECV))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("localPort");
    }

    @Test void ourOfferAnsweredByOurselvesRoundTrips() throws Exception {
        SessionDescription ours = negotiator.offer("198.51.100.7", 30000, 1001, 1, List.of(0, 8), 101,
                MediaDirection.SENDONLY);
        SdpNegotiator.Answer answer = negotiator.answer(SessionDescription.parse(ours.format()), "192.0.2.9", 40000, 5);
        SdpNegotiator.AnswerResult result = negotiator.acceptAnswer(SessionDescription.parse(answer.sdp().format()));
        assertThat(result).isEqualTo(new SdpNegotiator.AnswerResult(new InetSocketAddress("192.0.2.9", 40000), 0, 101,
                MediaDirection.RECVONLY, false));
    }

    @Test void acceptsAnswerPickingFirstSupportedCodecAndDetectsHold() throws Exception {
        SdpNegotiator.AnswerResult result = negotiator.acceptAnswer(offer("192.0.2.1", """
                m=audio 4000 RTP/AVP 8 96
                a=rtpmap:96 telephone-event/8000
                a=inactive
                """));
        assertThat(result).isEqualTo(new SdpNegotiator.AnswerResult(new InetSocketAddress("192.0.2.1", 4000), 8, 96,
                MediaDirection.INACTIVE, true));
    }

    @Test void answerThatRejectsAudioOrPicksAnUnknownCodecFails() throws Exception {
        assertThatThrownBy(() -> negotiator.acceptAnswer(offer("192.0.2.1", "m=audio 0 RTP/AVP 0\n")))
                .isInstanceOf(SdpException.class).hasMessage("answer rejected the audio stream (port 0)");
        assertThatThrownBy(() -> negotiator.acceptAnswer(offer("192.0.2.1", "m=audio 4000 RTP/AVP 18\n")))
                .isInstanceOf(SdpException.class).hasMessage("no common codec: answered 18 G729/8000");
        assertThatThrownBy(() -> negotiator.acceptAnswer(offer("192.0.2.1", "m=video 4000 RTP/AVP 96\n")))
                .isInstanceOf(SdpException.class).hasMessage("answer has no RTP audio stream");
    }
}
