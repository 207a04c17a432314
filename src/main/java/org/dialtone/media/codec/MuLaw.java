package org.dialtone.media.codec;

/**
 * ITU-T G.711 μ-law (PCMU): 16-bit linear PCM to 8-bit codes and back. Encoding is computed (branch-light, no
 * allocation); decoding is a 256-entry table.
 */
public final class MuLaw {
    private static final int BIAS = 0x84;
    private static final int CLIP = 32635;
    private static final short[] DECODE = new short[256];

    static {
        for (int code = 0; code < 256; code++) {
            int u = ~code & 0xFF;
            int t = ((u & 0x0F) << 3) + BIAS;
            t <<= (u & 0x70) >> 4;
            DECODE[code] = (short) ((u & 0x80) != 0 ? BIAS - t : t - BIAS);
        }
    }

    private MuLaw() {
    }

    /** Encodes one linear sample to a μ-law code (0..255 in the low byte). */
    public static byte encode(short sample) {
        int s = sample;
        int mask;
        if (s < 0) {
            s = -s;
            mask = 0x7F;
        } else {
            mask = 0xFF;
        }
        if (s > CLIP) {
            s = CLIP;
        }
        s += BIAS;
        int segment = 31 - Integer.numberOfLeadingZeros(s) - 7; // s >= 0x84, so segment in 0..7
        int code = (segment << 4) | ((s >> (segment + 3)) & 0x0F);
        return (byte) (code ^ mask);
    }

    /** Decodes one μ-law code to a linear sample. */
    public static short decode(byte code) {
        return DECODE[code & 0xFF];
    }
}
