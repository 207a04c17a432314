package org.dialtone.media.codec;

import java.nio.ByteBuffer;

/**
 * Direct μ-law↔A-law translation through two 256-entry tables (decode with one law, re-encode with the other), applied
 * in place to an RTP payload. Allocation-free.
 */
public final class G711Transcoder {
    private static final byte[] MU_TO_A = new byte[256];
    private static final byte[] A_TO_MU = new byte[256];

    static {
        for (int code = 0; code < 256; code++) {
            MU_TO_A[code] = ALaw.encode(MuLaw.decode((byte) code));
            A_TO_MU[code] = MuLaw.encode(ALaw.decode((byte) code));
        }
    }

    private G711Transcoder() {
    }

    /** The A-law code for a μ-law code. */
    public static byte muLawToALaw(byte muLawCode) {
        return MU_TO_A[muLawCode & 0xFF];
    }

    /** The μ-law code for an A-law code. */
    public static byte aLawToMuLaw(byte aLawCode) {
        return A_TO_MU[aLawCode & 0xFF];
    }

    /**
     * Rewrites {@code length} bytes from absolute index {@code offset} of {@code buffer} from codec {@code from} to
     * codec {@code to}. Does nothing when both are the same.
     */
    public static void transcodeInPlace(ByteBuffer buffer, int offset, int length, G711Codec from, G711Codec to) {
        if (from == to) {
            return;
        }
        byte[] table = from == G711Codec.PCMU ? MU_TO_A : A_TO_MU;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            buffer.put(i, table[buffer.get(i) & 0xFF]);
        }
    }
}
