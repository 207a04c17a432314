package org.dialtone.sip.sdp;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The parts of an SDP session description (RFC 4566) a phone switch needs for audio offer/answer (RFC 3264).
 * Timing is always {@code t=0 0}; attributes other than rtpmap, fmtp, ptime and direction are not kept.
 *
 * @param originSessionId   o= sess-id, digits (kept as text: some user agents send more than 64 bits)
 * @param originVersion     o= sess-version, digits
 * @param connectionAddress session-level c= address, or null when every active stream has its own
 */
public record SessionDescription(String originUsername, String originSessionId, String originVersion,
                                 String originAddress, String sessionName, String connectionAddress,
                                 List<MediaDescription> media) {

    public SessionDescription {
        Objects.requireNonNull(originUsername, "originUsername");
        Objects.requireNonNull(originSessionId, "originSessionId");
        Objects.requireNonNull(originVersion, "originVersion");
        Objects.requireNonNull(originAddress, "originAddress");
        Objects.requireNonNull(sessionName, "sessionName");
        media = List.copyOf(media);
    }

    /** Parses SDP with \r\n or \n line ends. */
    public static SessionDescription parse(String sdp) throws SdpException {
        return SdpParser.parse(sdp);
    }

    /** The address RTP for {@code m} goes to: the media-level c= if any, else the session-level one (may be null). */
    public String connectionFor(MediaDescription m) {
        return m.connectionAddress() != null ? m.connectionAddress() : connectionAddress;
    }

    /** Serialises to SDP with \r\n line ends. */
    public String format() {
        StringBuilder sb = new StringBuilder(256);
        line(sb, "v=0");
        line(sb, "o=" + originUsername + " " + originSessionId + " " + originVersion + " " + inAddress(originAddress));
        line(sb, "s=" + (sessionName.isBlank() ? "-" : sessionName));
        if (connectionAddress != null) line(sb, "c=" + inAddress(connectionAddress));
        line(sb, "t=0 0");
        for (MediaDescription m : media) {
            line(sb, "m=" + m.media() + " " + m.port() + " " + m.protocol() + " " + String.join(" ", m.formats()));
            if (m.connectionAddress() != null) line(sb, "c=" + inAddress(m.connectionAddress()));
            for (int pt : m.payloadTypes()) {
                RtpMap map = m.rtpmaps().get(pt);
                if (map != null) line(sb, "a=rtpmap:" + map.attributeValue());
            }
            for (Map.Entry<Integer, String> fmtp : m.fmtps().entrySet()) {
                line(sb, "a=fmtp:" + fmtp.getKey() + " " + fmtp.getValue());
            }
            if (m.ptime() > 0) line(sb, "a=ptime:" + m.ptime());
            line(sb, "a=" + m.direction().attribute());
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String line) { sb.append(line).append("\r\n"); }

    /** {@code IN IP4 addr} or {@code IN IP6 addr}; anything with a colon is taken for IPv6. */
    private static String inAddress(String address) {
        return "IN " + (address.indexOf(':') >= 0 ? "IP6 " : "IP4 ") + address;
    }
}
