package org.dialtone.media.codec;

/**
 * ITU-T G.711 A-law (PCMA): 16-bit linear PCM to 8-bit codes and back. Encoding is computed on the 13-bit magnitude
 * (no allocation); decoding is a 256-entry table. Codes are the on-the-wire values (even bits inverted, 0x55 XOR).
 */
public final class ALaw {
    private static final short[] DECODE = new short[256];

    static {
        for (int code = 0; code < 256; code++) {
            int a = code ^ 0x55;
            int t = (a & 0x0F) << 4;
            int segment = (a & 0x70) >> 4;
            if (segment == 0) {
                t += 8;
            } else {
                t = (t + 0x108) << (segment - 1);
            }
            DECODE[code] = (short) ((a & 0x80) != 0 ? t : -t);
        }
    }

    private ALaw() {
    }

    /** Encodes one linear sample to an A-law code. */
    public static byte encode(short sample) {
        int s = sample >> 3; // 13-bit
        int mask;
        if (s >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            s = -s - 1;
        }
        // s in 0..4095; segment 0 covers 0..31, segment n covers up to (32 << n) - 1
        int segment = s < 32 ? 0 : 31 - Integer.numberOfLeadingZeros(s) - 4;
        int quantised = segment < 2 ? (s >> 1) & 0x0F : (s >> segment) & 0x0F;
        return (byte) (((segment << 4) | quantised) ^ mask);
    }

    /** Decodes one A-law code to a linear sample. */
    public static short decode(byte code) {
        return DECODE[code & 0xFF];
    }
}
