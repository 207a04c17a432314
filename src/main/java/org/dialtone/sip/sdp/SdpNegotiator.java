package org.dialtone.sip.sdp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * RFC 3264 offer/answer for one audio stream with G.711 (PCMU 0, PCMA 8) and RFC 4733 telephone-event.
 * Pure: no sockets and no DNS. The audio stream's c= must be an IP address: a host name is refused (488), since
 * resolving names the remote chose would let it steer our lookups and our RTP. Thread-safe.
 */
public final class SdpNegotiator {

    /**
     * Our answer to an offer and what it means for the media path.
     *
     * @param telephoneEventPt the offer's telephone-event payload type, -1 when none
     * @param remoteDirection  the direction the offerer asked for
     * @param hold             the offerer put us on hold (sendonly/inactive or c=0.0.0.0)
     */
    public record Answer(SessionDescription sdp, InetSocketAddress remoteRtp, int payloadType, int telephoneEventPt,
                         MediaDirection remoteDirection, boolean hold) {}

    /** What the far end chose in its answer to our offer. */
    public record AnswerResult(InetSocketAddress remoteRtp, int payloadType, int telephoneEventPt,
                               MediaDirection remoteDirection, boolean hold) {}

    public static final int PCMU = 0;
    public static final int PCMA = 8;
    public static final int DEFAULT_TELEPHONE_EVENT_PT = 101;
    public static final int PTIME_MILLIS = 20;
    /** DTMF events we send and understand in our own offers: digits, *, #, A-D and flash. */
    public static final String OUR_TELEPHONE_EVENTS = "0-16";
    /**
     * The most m= lines an offer may have. An answer repeats every m= line of its offer (RFC 3264 §6), so without a
     * bound a 60 KB offer of empty streams made an answer too big for any UDP datagram: the callee was connected and
     * the caller never heard back.
     */
    public static final int MAX_MEDIA_STREAMS = 16;
    private static final String ORIGIN_USERNAME = "dialtone";
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** Answers with {@code sessionVersion} as o= sess-id too; use the 5-argument form for re-answers in a dialog. */
    public Answer answer(SessionDescription offer, String localAddress, int localPort, long sessionVersion)
            throws SdpException {
        return answer(offer, localAddress, localPort, sessionVersion, sessionVersion);
    }

    /**
     * Answers {@code offer}: the first active RTP/AVP audio stream gets the offer's first supported codec (offer order
     * wins) plus telephone-event if offered, and the mirrored direction; every other stream is declined with port 0.
     *
     * @throws SdpException when there is no usable audio stream, no common codec, its c= is a host name, or the offer
     *                      has more than {@value #MAX_MEDIA_STREAMS} streams (answer 488)
     */
    public Answer answer(SessionDescription offer, String localAddress, int localPort, long sessionId,
                         long sessionVersion) throws SdpException {
        checkLocal(localAddress, localPort);
        if (offer.media().size() > MAX_MEDIA_STREAMS) {
            throw new SdpException("offer has " + offer.media().size() + " media streams (m= lines); at most "
                    + MAX_MEDIA_STREAMS + " are accepted");
        }
        int audioIndex = firstActiveAudio(offer);
        if (audioIndex < 0) {
            throw new SdpException("offer has no usable audio stream (an m=audio with a non-zero port and RTP/AVP)");
        }
        MediaDescription offered = offer.media().get(audioIndex);
        int payloadType = firstSupported(offered)
                .orElseThrow(() -> new SdpException("no common codec: offered " + describe(offered) + "; we support"
                        + " 0 PCMU/8000, 8 PCMA/8000"));
        int telephoneEventPt = telephoneEvent(offered);

        List<Integer> formats = new ArrayList<>(List.of(payloadType));
        Map<Integer, RtpMap> rtpmaps = new LinkedHashMap<>();
        rtpmaps.put(payloadType, offered.rtpmap(payloadType).orElseThrow());
        Map<Integer, String> fmtps = new LinkedHashMap<>();
        if (telephoneEventPt >= 0) {
            formats.add(telephoneEventPt);
            rtpmaps.put(telephoneEventPt, offered.rtpmaps().get(telephoneEventPt));
            fmtps.put(telephoneEventPt, offered.fmtps().getOrDefault(telephoneEventPt, "0-15"));
        }
        MediaDescription audio = MediaDescription.rtp("audio", localPort, formats, rtpmaps, fmtps,
                offered.direction().mirror(), null, PTIME_MILLIS);
        List<MediaDescription> media = new ArrayList<>(offer.media().size());
        for (int i = 0; i < offer.media().size(); i++) {
            media.add(i == audioIndex ? audio : offer.media().get(i).rejected());
        }
        SessionDescription sdp = new SessionDescription(ORIGIN_USERNAME, Long.toUnsignedString(sessionId),
                Long.toUnsignedString(sessionVersion), localAddress, "-", localAddress, media);
        String remoteAddress = offer.connectionFor(offered);
        return new Answer(sdp, ipSocketAddress(remoteAddress, offered.port()), payloadType, telephoneEventPt,
                offered.direction(), isHold(offered.direction(), remoteAddress));
    }

    /**
     * Our own offer: one audio stream with {@code payloadTypes} (in preference order, each PCMU 0 or PCMA 8) and, unless
     * {@code telephoneEventPt} is -1, telephone-event/8000 with events 0-16; ptime 20.
     */
    public SessionDescription offer(String localAddress, int localPort, long sessionId, long version,
                                    List<Integer> payloadTypes, int telephoneEventPt, MediaDirection direction) {
        checkLocal(localAddress, localPort);
        if (payloadTypes == null || payloadTypes.isEmpty()) throw new IllegalArgumentException("offer needs a codec");
        Map<Integer, RtpMap> rtpmaps = new LinkedHashMap<>();
        for (int pt : payloadTypes) {
            if (pt != PCMU && pt != PCMA) {
                throw new IllegalArgumentException("unsupported payload type " + pt + ": only 0 (PCMU) and 8 (PCMA)");
            }
            rtpmaps.put(pt, pt == PCMU ? RtpMap.PCMU : RtpMap.PCMA);
        }
        List<Integer> formats = new ArrayList<>(rtpmaps.keySet());
        Map<Integer, String> fmtps = new LinkedHashMap<>();
        if (telephoneEventPt != -1) {
            if (telephoneEventPt < 96 || telephoneEventPt > 127) {
                throw new IllegalArgumentException("telephone-event payload type must be dynamic (96-127) or -1, got "
                        + telephoneEventPt);
            }
            formats.add(telephoneEventPt);
            rtpmaps.put(telephoneEventPt, new RtpMap(telephoneEventPt, "telephone-event", 8000, null));
            fmtps.put(telephoneEventPt, OUR_TELEPHONE_EVENTS);
        }
        MediaDescription audio = MediaDescription.rtp("audio", localPort, formats, rtpmaps, fmtps, direction, null,
                PTIME_MILLIS);
        return new SessionDescription(ORIGIN_USERNAME, Long.toUnsignedString(sessionId), Long.toUnsignedString(version),
                localAddress, "-", localAddress, List.of(audio));
    }

    /**
     * Reads the answer to an offer we sent: the first audio stream must be accepted and carry a codec we support
     * (the first such one in answer order is used), and its c= must be an IP address.
     */
    public AnswerResult acceptAnswer(SessionDescription answer) throws SdpException {
        MediaDescription audio = answer.media().stream()
                .filter(m -> m.media().equalsIgnoreCase("audio") && m.isRtp()).findFirst()
                .orElseThrow(() -> new SdpException("answer has no RTP audio stream"));
        if (audio.port() == 0) throw new SdpException("answer rejected the audio stream (port 0)");
        int payloadType = firstSupported(audio)
                .orElseThrow(() -> new SdpException("no common codec: answered " + describe(audio)));
        String remoteAddress = answer.connectionFor(audio);
        return new AnswerResult(ipSocketAddress(remoteAddress, audio.port()), payloadType, telephoneEvent(audio),
                audio.direction(), isHold(audio.direction(), remoteAddress));
    }

    private static int firstActiveAudio(SessionDescription offer) {
        for (int i = 0; i < offer.media().size(); i++) {
            MediaDescription m = offer.media().get(i);
            if (m.media().equalsIgnoreCase("audio") && m.port() != 0 && m.protocol().equalsIgnoreCase("RTP/AVP")) return i;
        }
        return -1;
    }

    /** First payload type, in the stream's order, that is PCMU 0 or PCMA 8 with a consistent (or no) rtpmap. */
    private static Optional<Integer> firstSupported(MediaDescription m) {
        for (int pt : m.payloadTypes()) {
            Optional<RtpMap> map = m.rtpmap(pt);
            if (map.isEmpty()) continue;
            if ((pt == PCMU && map.get().sameCodec("PCMU", 8000)) || (pt == PCMA && map.get().sameCodec("PCMA", 8000))) {
                return Optional.of(pt);
            }
        }
        return Optional.empty();
    }

    /**
     * Payload type of telephone-event/8000 listed on the m= line, or -1. Only a dynamic payload type (96-127) counts,
     * as in our own offers: an rtpmap that maps a static type (e.g. 8) to telephone-event contradicts the RTP/AVP
     * profile, and the RTP endpoint refuses it, so such an offer is answered without DTMF events.
     */
    private static int telephoneEvent(MediaDescription m) {
        for (int pt : m.payloadTypes()) {
            if (pt < 96 || pt > 127) continue;
            RtpMap map = m.rtpmaps().get(pt);
            if (map != null && map.sameCodec("telephone-event", 8000)) return pt;
        }
        return -1;
    }

    private static boolean isHold(MediaDirection remoteDirection, String remoteAddress) {
        return remoteDirection == MediaDirection.SENDONLY || remoteDirection == MediaDirection.INACTIVE
                || "0.0.0.0".equals(remoteAddress);
    }

    /** Offered formats with their encodings, for error messages, e.g. {@code 9 G722/8000, 101 telephone-event/8000}. */
    private static String describe(MediaDescription m) {
        List<String> parts = new ArrayList<>();
        for (int pt : m.payloadTypes()) {
            parts.add(m.rtpmap(pt).map(r -> pt + " " + r.encodingName() + "/" + r.clockRate()).orElse(String.valueOf(pt)));
        }
        return String.join(", ", parts);
    }

    /** The audio stream's address: an IP literal, never looked up; a host name (or a bad literal) is refused. */
    private static InetSocketAddress ipSocketAddress(String address, int port) throws SdpException {
        InetSocketAddress socketAddress = socketAddress(address, port);
        if (socketAddress.isUnresolved()) {
            String shown = (address.length() <= 64 ? address : address.substring(0, 61) + "...")
                    .replaceAll("[^\\x21-\\x7e]|[\"\\\\]", "?"); // it goes into a quoted Warning header
            throw new SdpException("c= address '" + shown + "' is not an IP address (host names are not accepted)");
        }
        return socketAddress;
    }

    /** IP literals become resolved addresses without DNS; host names stay unresolved. */
    static InetSocketAddress socketAddress(String address, int port) {
        try {
            if (IPV4_LITERAL.matcher(address).matches()) {
                String[] octets = address.split("\\.");
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(octets[i]);
                    if (octet > 255) return InetSocketAddress.createUnresolved(address, port);
                    bytes[i] = (byte) octet;
                }
                return new InetSocketAddress(InetAddress.getByAddress(bytes), port);
            }
            if (address.indexOf(':') >= 0) {
                // brackets make the JDK parse an IPv6 literal and fail rather than fall back to a lookup
                return new InetSocketAddress(InetAddress.getByName("[" + address + "]"), port);
            }
        } catch (UnknownHostException e) {
            return InetSocketAddress.createUnresolved(address, port);
        }
        return InetSocketAddress.createUnresolved(address, port);
    }

    private static void checkLocal(String localAddress, int localPort) {
        if (localAddress == null || localAddress.isBlank()) throw new IllegalArgumentException("localAddress is blank");
        if (localPort < 1 || localPort > 65535) throw new IllegalArgumentException("localPort must be 1-65535, got " + localPort);
    }
}
