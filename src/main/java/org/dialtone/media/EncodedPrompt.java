package org.dialtone.media;

import org.dialtone.media.codec.G711Codec;

/**
 * A prompt pre-encoded once in both G.711 laws, padded with silence to whole 20 ms frames, so playout only copies
 * bytes.
 */
record EncodedPrompt(byte[] muLaw, byte[] aLaw) {
    static final int SAMPLES_PER_FRAME = 160;

    static EncodedPrompt encode(short[] pcm8kHz) {
        if (pcm8kHz.length == 0) {
            throw new IllegalArgumentException("a prompt needs at least one sample");
        }
        int frames = (pcm8kHz.length + SAMPLES_PER_FRAME - 1) / SAMPLES_PER_FRAME;
        short[] padded = java.util.Arrays.copyOf(pcm8kHz, frames * SAMPLES_PER_FRAME);
        return new EncodedPrompt(G711Codec.PCMU.encodeAll(padded), G711Codec.PCMA.encodeAll(padded));
    }

    byte[] bytesFor(G711Codec codec) {
        return codec == G711Codec.PCMU ? muLaw : aLaw;
    }

    int length() {
        return muLaw.length;
    }
}
