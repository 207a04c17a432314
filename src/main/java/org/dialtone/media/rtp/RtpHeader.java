package org.dialtone.media.rtp;

import java.nio.ByteBuffer;

/**
 * Reads and rewrites RTP headers (RFC 3550 §5.1) in place. The packet starts at absolute index 0 of the buffer and is
 * {@code length} bytes long; the buffer's position and limit are neither used nor changed. No method allocates.
 */
public final class RtpHeader {
    /** Size of the fixed header without CSRCs or extension. */
    public static final int FIXED_LENGTH = 12;
    /** Returned by {@link #payloadOffset} and {@link #payloadLength} for a packet that is not valid RTP. */
    public static final int INVALID = -1;

    private RtpHeader() {
    }

    public static int version(ByteBuffer packet) {
        return (packet.get(0) & 0xC0) >>> 6;
    }

    public static boolean hasPadding(ByteBuffer packet) {
        return (packet.get(0) & 0x20) != 0;
    }

    public static boolean hasExtension(ByteBuffer packet) {
        return (packet.get(0) & 0x10) != 0;
    }

    public static int csrcCount(ByteBuffer packet) {
        return packet.get(0) & 0x0F;
    }

    public static boolean marker(ByteBuffer packet) {
        return (packet.get(1) & 0x80) != 0;
    }

    public static int payloadType(ByteBuffer packet) {
        return packet.get(1) & 0x7F;
    }

    /** Sequence number, 0..65535. */
    public static int sequenceNumber(ByteBuffer packet) {
        return packet.getShort(2) & 0xFFFF;
    }

    /** Timestamp as a raw 32-bit value (compare with modular arithmetic). */
    public static int timestamp(ByteBuffer packet) {
        return packet.getInt(4);
    }

    public static int ssrc(ByteBuffer packet) {
        return packet.getInt(8);
    }

    public static void setMarker(ByteBuffer packet, boolean marker) {
        int b = packet.get(1) & 0x7F;
        packet.put(1, (byte) (marker ? b | 0x80 : b));
    }

    /** Sets the payload type, keeping the marker bit. */
    public static void setPayloadType(ByteBuffer packet, int payloadType) {
        packet.put(1, (byte) ((packet.get(1) & 0x80) | (payloadType & 0x7F)));
    }

    public static void setSequenceNumber(ByteBuffer packet, int sequenceNumber) {
        packet.putShort(2, (short) sequenceNumber);
    }

    public static void setTimestamp(ByteBuffer packet, int timestamp) {
        packet.putInt(4, timestamp);
    }

    public static void setSsrc(ByteBuffer packet, int ssrc) {
        packet.putInt(8, ssrc);
    }

    /** Writes a fixed 12-byte version-2 header without padding, extension or CSRCs. */
    public static void writeFixedHeader(ByteBuffer packet, boolean marker, int payloadType, int sequenceNumber,
                                        int timestamp, int ssrc) {
        packet.put(0, (byte) 0x80);
        packet.put(1, (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F)));
        setSequenceNumber(packet, sequenceNumber);
        setTimestamp(packet, timestamp);
        setSsrc(packet, ssrc);
    }

    /**
     * Index of the first payload byte, after the CSRC list and header extension, or {@link #INVALID} when the packet is
     * shorter than its header claims or its version is not 2.
     */
    public static int payloadOffset(ByteBuffer packet, int length) {
        if (length < FIXED_LENGTH || version(packet) != 2) {
            return INVALID;
        }
        int offset = FIXED_LENGTH + 4 * csrcCount(packet);
        if (hasExtension(packet)) {
            if (length < offset + 4) {
                return INVALID;
            }
            int extensionWords = packet.getShort(offset + 2) & 0xFFFF;
            offset += 4 + 4 * extensionWords;
        }
        return offset <= length ? offset : INVALID;
    }

    /** Payload bytes excluding padding, or {@link #INVALID} when the header or padding count is inconsistent. */
    public static int payloadLength(ByteBuffer packet, int length) {
        int offset = payloadOffset(packet, length);
        if (offset == INVALID) {
            return INVALID;
        }
        int padding = 0;
        if (hasPadding(packet)) {
            if (length == offset) {
                return INVALID;
            }
            padding = packet.get(length - 1) & 0xFF;
            if (padding == 0 || offset + padding > length) {
                return INVALID;
            }
        }
        return length - offset - padding;
    }

    /**
     * Removes the CSRC list, header extension and padding by moving the payload right behind the fixed header; clears
     * the P, X and CC bits. Returns the new packet length, or {@link #INVALID} for an invalid packet.
     */
    public static int stripToFixedHeader(ByteBuffer packet, int length) {
        int payloadLength = payloadLength(packet, length);
        if (payloadLength == INVALID) {
            return INVALID;
        }
        int offset = payloadOffset(packet, length);
        if (offset != FIXED_LENGTH) {
            packet.put(FIXED_LENGTH, packet, offset, payloadLength);
        }
        packet.put(0, (byte) 0x80);
        return FIXED_LENGTH + payloadLength;
    }
}
