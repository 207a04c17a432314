package org.dialtone.testing;

import java.util.List;

/**
 * Broken RTP packets, for the media tests and the end-to-end ones: short packets, bad versions, CSRC counts, padding
 * and header extensions that claim more than the packet holds. None of them is valid RTP (RFC 3550 §5.1): otherwise a
 * packet from a phone's own address could latch a leg before the phone does.
 */
public final class MalformedRtp {
    private MalformedRtp() {}

    /** The packets, each a fresh array. */
    public static List<byte[]> packets() {
        return List.of(
                new byte[0],                                        // empty datagram
                new byte[] {(byte) 0x80},                           // 1 byte
                rtp(0x80, 11, 0),                                   // shorter than the fixed header
                rtp(0x00, 172, 0), rtp(0x40, 172, 0), rtp(0xC0, 172, 0), // versions 0, 1 and 3
                rtp(0x8F, 20, 0),                                   // 15 CSRCs claimed, 2 present
                rtp(0x8F, 71, 0),                                   // 15 CSRCs claimed, one byte short
                rtp(0xA0, 40, 0),                                   // padding bit, padding count 0
                rtp(0xA0, 40, 255),                                 // padding longer than the packet
                rtp(0xA0, 12, 0),                                   // padding bit and nothing to pad
                rtp(0x90, 13, 0),                                   // extension bit, no room for its header
                extension(0x90, 40, 0xFFFF),                        // extension length past the end
                extension(0x9F, 80, 100),                           // 15 CSRCs and an extension past the end
                rtp(0x00, 5_000, 0));                               // more than any RTP receive buffer takes
    }

    private static byte[] rtp(int firstByte, int length, int lastByte) {
        byte[] p = new byte[length];
        if (length > 0) p[0] = (byte) firstByte;
        if (length > 12) p[length - 1] = (byte) lastByte;
        return p;
    }

    /** A packet with the extension bit whose extension header, right after the CSRCs, claims {@code words} words. */
    private static byte[] extension(int firstByte, int length, int words) {
        byte[] p = rtp(firstByte, length, 0);
        int at = 12 + 4 * (firstByte & 0x0F);
        p[at + 2] = (byte) (words >> 8);
        p[at + 3] = (byte) words;
        return p;
    }
}
