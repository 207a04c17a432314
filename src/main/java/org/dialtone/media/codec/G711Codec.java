package org.dialtone.media.codec;

/** The two G.711 variants with their static RTP payload types (RFC 3551). */
public enum G711Codec {
    /** μ-law, payload type 0. */
    PCMU(0),
    /** A-law, payload type 8. */
    PCMA(8);

    private final int payloadType;

    G711Codec(int payloadType) {
        this.payloadType = payloadType;
    }

    /** The static RTP payload type. */
    public int payloadType() {
        return payloadType;
    }

    /** Encodes one linear sample. */
    public byte encode(short sample) {
        return this == PCMU ? MuLaw.encode(sample) : ALaw.encode(sample);
    }

    /** Decodes one code to a linear sample. */
    public short decode(byte code) {
        return this == PCMU ? MuLaw.decode(code) : ALaw.decode(code);
    }

    /** Encodes a whole buffer of linear samples (allocates; meant for startup, not the packet path). */
    public byte[] encodeAll(short[] samples) {
        byte[] out = new byte[samples.length];
        for (int i = 0; i < samples.length; i++) {
            out[i] = encode(samples[i]);
        }
        return out;
    }

    /** The codec for a static payload type, or null when it is not 0 or 8. */
    public static G711Codec forPayloadType(int payloadType) {
        return switch (payloadType) {
            case 0 -> PCMU;
            case 8 -> PCMA;
            default -> null;
        };
    }
}
