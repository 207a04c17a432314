package org.dialtone.media;

import java.net.InetSocketAddress;
import org.dialtone.media.codec.G711Codec;

/**
 * What the signalling negotiated for one endpoint: the SDP address, the G.711 law, and the RFC 4733 telephone-event
 * payload type ({@link #NONE} when not negotiated). Immutable, so the packet path reads it with one volatile load.
 */
record NegotiatedMedia(InetSocketAddress sdpAddress, G711Codec codec, int telephoneEventPayloadType) {
    /** No telephone-event payload type / drop the packet. */
    static final int NONE = -1;
    /** The incoming payload type is not one the relay understands: drop and count it. */
    static final int UNKNOWN = -2;
    static final int COMFORT_NOISE = 13;

    static final NegotiatedMedia UNCONFIGURED = new NegotiatedMedia(null, G711Codec.PCMU, NONE);

    /**
     * The payload type to send on this side for a packet that arrived with {@code incoming} on a leg that negotiated
     * {@code sender}: G.711 (either law) becomes our law, the sender's telephone-event becomes ours ({@link #NONE} if
     * we have none), comfort noise passes, anything else is {@link #UNKNOWN}.
     */
    int outboundPayloadType(int incoming, NegotiatedMedia sender) {
        if (G711Codec.forPayloadType(incoming) != null) {
            return codec.payloadType();
        }
        if (incoming == sender.telephoneEventPayloadType) {
            return telephoneEventPayloadType;
        }
        if (incoming == COMFORT_NOISE) {
            return COMFORT_NOISE;
        }
        return UNKNOWN;
    }
}
