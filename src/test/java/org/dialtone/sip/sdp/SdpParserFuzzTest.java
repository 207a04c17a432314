package org.dialtone.sip.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dialtone.testing.FuzzInputs;
import org.dialtone.testing.Fuzzer;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, fuzzing: an SDP offer is the one body the switch parses from every caller that authenticated, and from
 * every trunk. Whatever it holds, {@link SessionDescription#parse} returns a description or throws
 * {@link SdpException} (the switch answers 488), and so does {@link SdpNegotiator#answer}, whose answer the switch
 * sends and must itself be parseable SDP; nothing hangs. Seeds: offers of real phones and the malformed-SDP corpus of
 * the end-to-end tests. Runs for {@link Fuzzer#budget()}.
 */
class SdpParserFuzzTest {
    private final SdpNegotiator negotiator = new SdpNegotiator();

    @Test
    void parseAndAnswerReturnOrThrowSdpExceptionAndOurAnswersParse() {
        Fuzzer.Summary s = Fuzzer.run("sdp", FuzzInputs.mutationsOf(seeds()), SdpException.class, input -> {
            SessionDescription offer = SessionDescription.parse(input);
            assertThat(offer.format()).isNotNull();
            SdpNegotiator.Answer answer = negotiator.answer(offer, "127.0.0.1", 30_000, 7);
            String sent = answer.sdp().format();
            assertThat(SessionDescription.parse(sent).media()).as("our answer, parsed again:\n%s", sent)
                    .hasSameSizeAs(offer.media());
            negotiator.acceptAnswer(offer); // the same text as a callee's answer to our offer
        });
        assertThat(s.inputs()).as("offers tried").isGreaterThan(1_000);
        assertThat(s.refused()).as("offers refused with SdpException").isPositive();
        assertThat(s.accepted()).as("offers answered").isPositive();
    }

    @Test
    void tenThousandMediaLinesAndA64KibLineParseWithinTheBound() {
        String head = "v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n";
        List<String> huge = List.of(
                head + "m=audio 4000 RTP/AVP 0\r\n".repeat(10_000),
                head + "m=audio 4000 RTP/AVP 0\r\na=x:" + "y".repeat(65_536) + "\r\n",
                head + "m=audio 4000 RTP/AVP" + " 0".repeat(30_000) + "\r\n",
                head + "\r\n".repeat(30_000) + "m=audio 4000 RTP/AVP 0\r\n");
        // each is fed once per round for the time budget: the Fuzzer bounds every single parse
        Fuzzer.Summary s = Fuzzer.run("sdp-huge", random -> huge.get(random.nextInt(huge.size())), SdpException.class,
                input -> {
                    SessionDescription offer = SessionDescription.parse(input);
                    negotiator.answer(offer, "127.0.0.1", 30_000, 7).sdp().format();
                });
        assertThat(s.inputs()).isGreaterThan(huge.size());
    }

    /** Offers as phones, carriers and browsers send them, then the end-to-end corpus of bad ones. */
    private static List<String> seeds() {
        List<String> seeds = new ArrayList<>(List.of(
                SessionDescriptionTest.BARESIP_OFFER,
                // sipp 3.6.1's uac-reg-call.xml
                "v=0\r\no=user1 53655765 2353687637 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                        + "m=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n",
                // linphone 5: several codecs, RTCP feedback, IPv6 origin
                "v=0\r\no=1006 3125 1582 IN IP6 ::1\r\ns=Talk\r\nc=IN IP6 ::1\r\nt=0 0\r\n"
                        + "a=rtcp-xr:rcvr-rtt=all:10000 stat-summary=loss,dup,jitt,TTL voip-metrics\r\n"
                        + "m=audio 7078 RTP/AVP 96 97 98 0 8 18 101 99 100\r\na=rtpmap:96 opus/48000/2\r\n"
                        + "a=fmtp:96 useinbandfec=1\r\na=rtpmap:97 speex/16000\r\na=fmtp:97 vbr=on\r\n"
                        + "a=rtpmap:98 speex/8000\r\na=rtpmap:101 telephone-event/48000\r\n"
                        + "a=rtpmap:99 telephone-event/16000\r\na=rtpmap:100 telephone-event/8000\r\n"
                        + "a=fmtp:18 annexb=yes\r\na=rtcp-fb:* trr-int 1000\r\na=rtcp-fb:* ccm tmmbr\r\n",
                // a carrier: T.38 fallback, bandwidth, sendonly (hold), ptime with a fraction
                "v=0\r\no=- 20518 0 IN IP4 203.0.113.10\r\ns=SBC\r\nc=IN IP4 203.0.113.10\r\nb=AS:64\r\nt=0 0\r\n"
                        + "m=audio 16384 RTP/AVP 8 0 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
                        + "a=fmtp:101 0-16\r\na=ptime:20.0\r\na=sendonly\r\n"
                        + "m=image 0 udptl t38\r\na=T38FaxVersion:0\r\n",
                // a browser: SAVPF, ICE, bundle, video
                "v=0\r\no=mozilla...THIS_IS_SDPARTA-99.0 6186473573917430829 0 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
                        + "a=group:BUNDLE 0 1\r\na=ice-options:trickle\r\n"
                        + "m=audio 9 UDP/TLS/RTP/SAVPF 109 9 0 8 101\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n"
                        + "a=rtpmap:109 opus/48000/2\r\na=candidate:0 1 UDP 2122252543 192.0.2.4 50000 typ host\r\n"
                        + "a=fingerprint:sha-256 AB:CD\r\na=setup:actpass\r\n"
                        + "m=video 9 UDP/TLS/RTP/SAVPF 120\r\nc=IN IP4 0.0.0.0\r\na=rtpmap:120 VP8/90000\r\n",
                // session-level direction and a media-level c= per stream
                "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nt=0 0\na=recvonly\nm=audio 4000 RTP/AVP 8 0\n"
                        + "c=IN IP4 192.0.2.2/127/2\nm=audio 4002 RTP/AVP 0\nc=IN IP4 192.0.2.3\n"));
        seeds.addAll(corpus());
        return seeds;
    }

    /** The end-to-end corpus's offers ({@code src/test/resources/corpus/sip/sdp/}), one char per byte. */
    private static List<String> corpus() {
        try (Stream<Path> files = Files.list(Path.of(SdpParserFuzzTest.class.getResource("/corpus/sip/sdp").toURI()))) {
            return files.sorted().map(p -> {
                try {
                    return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).replace("{{RTP_PORT}}", "4000");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
