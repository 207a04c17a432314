package org.dialtone.sip.sdp;

import java.util.Objects;
import java.util.Optional;

/**
 * One {@code a=rtpmap:<pt> <encoding>/<clock rate>[/<parameters>]} attribute.
 *
 * @param encodingParameters e.g. the channel count for audio; null when absent
 */
public record RtpMap(int payloadType, String encodingName, int clockRate, String encodingParameters) {

    public static final RtpMap PCMU = new RtpMap(0, "PCMU", 8000, null);
    public static final RtpMap PCMA = new RtpMap(8, "PCMA", 8000, null);

    public RtpMap {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("RTP payload type must be 0-127, got " + payloadType);
        }
        Objects.requireNonNull(encodingName, "encodingName");
        if (clockRate <= 0) throw new IllegalArgumentException("clock rate must be positive, got " + clockRate);
    }

    /** Static audio payload types of RFC 3551 that may appear without an rtpmap line. */
    public static Optional<RtpMap> staticPayload(int payloadType) {
        return Optional.ofNullable(switch (payloadType) {
            case 0 -> PCMU;
            case 3 -> new RtpMap(3, "GSM", 8000, null);
            case 8 -> PCMA;
            case 9 -> new RtpMap(9, "G722", 8000, null);
            case 18 -> new RtpMap(18, "G729", 8000, null);
            default -> null;
        });
    }

    /** Same encoding name (case-insensitive) and clock rate. */
    public boolean sameCodec(String name, int rate) { return encodingName.equalsIgnoreCase(name) && clockRate == rate; }

    /** The attribute value after {@code a=rtpmap:}. */
    public String attributeValue() {
        return payloadType + " " + encodingName + "/" + clockRate + (encodingParameters == null ? "" : "/" + encodingParameters);
    }
}
