package org.dialtone.sip.sdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One m= section. {@code formats} are the raw format tokens of the m= line, so non-RTP streams such as
 * {@code m=image 4000 udptl t38} survive (and can be declined); for RTP protocols they are payload type numbers, see
 * {@link #payloadTypes()}.
 *
 * @param connectionAddress media-level c= address, or null to use the session-level one
 * @param direction         effective direction (media-level attribute, else session-level, else sendrecv)
 * @param ptime             a=ptime in milliseconds, 0 when absent
 */
public record MediaDescription(String media, int port, String protocol, List<String> formats,
                               Map<Integer, RtpMap> rtpmaps, Map<Integer, String> fmtps, MediaDirection direction,
                               String connectionAddress, int ptime) {

    public MediaDescription {
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(direction, "direction");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0-65535, got " + port);
        if (formats == null || formats.isEmpty()) throw new IllegalArgumentException("an m= line needs at least one format");
        if (ptime < 0) throw new IllegalArgumentException("ptime must not be negative, got " + ptime);
        formats = List.copyOf(formats);
        if (isRtpProtocol(protocol)) {
            for (String f : formats) {
                if (!SdpParser.isDigits(f, 3) || Integer.parseInt(f) > 127) {
                    throw new IllegalArgumentException("RTP format must be a payload type 0-127, got '" + f + "'");
                }
            }
        }
        rtpmaps = Collections.unmodifiableMap(new LinkedHashMap<>(rtpmaps == null ? Map.of() : rtpmaps));
        fmtps = Collections.unmodifiableMap(new LinkedHashMap<>(fmtps == null ? Map.of() : fmtps));
    }

    /** An RTP stream with payload types, the usual case for audio. */
    public static MediaDescription rtp(String media, int port, List<Integer> payloadTypes, Map<Integer, RtpMap> rtpmaps,
                                       Map<Integer, String> fmtps, MediaDirection direction, String connectionAddress,
                                       int ptime) {
        return new MediaDescription(media, port, "RTP/AVP", payloadTypes.stream().map(String::valueOf).toList(),
                rtpmaps, fmtps, direction, connectionAddress, ptime);
    }

    /** True for RTP-based protocols (RTP/AVP, RTP/SAVP, UDP/TLS/RTP/SAVPF, ...), whose formats are payload types. */
    public boolean isRtp() { return isRtpProtocol(protocol); }

    static boolean isRtpProtocol(String protocol) { return protocol.toUpperCase(Locale.ROOT).contains("RTP/"); }

    /** The formats as RTP payload type numbers, in offer order; empty for non-RTP streams. */
    public List<Integer> payloadTypes() {
        if (!isRtp()) return List.of();
        List<Integer> out = new ArrayList<>(formats.size());
        for (String f : formats) out.add(Integer.parseInt(f));
        return out;
    }

    /** The explicit rtpmap of {@code payloadType}, else the static RFC 3551 mapping (0 = PCMU, 8 = PCMA, ...). */
    public Optional<RtpMap> rtpmap(int payloadType) {
        RtpMap explicit = rtpmaps.get(payloadType);
        return explicit != null ? Optional.of(explicit) : RtpMap.staticPayload(payloadType);
    }

    /**
     * A port-0 copy: how RFC 3264 §6 declines a stream in an answer. It lists only the first format (the RFC asks for
     * at least one), so the answer stays small however many formats the offer listed.
     */
    public MediaDescription rejected() {
        return new MediaDescription(media, 0, protocol, formats.subList(0, 1), Map.of(), Map.of(), MediaDirection.INACTIVE,
                null, 0);
    }
}
