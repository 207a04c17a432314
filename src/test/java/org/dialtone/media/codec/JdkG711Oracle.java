package org.dialtone.media.codec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** The JDK's javax.sound.sampled G.711 converters, used as an independent reference for our tables. */
final class JdkG711Oracle {
    private static final AudioFormat PCM16 = new AudioFormat(8000f, 16, 1, true, false);

    private JdkG711Oracle() {
    }

    static AudioFormat.Encoding encodingOf(G711Codec codec) {
        return codec == G711Codec.PCMU ? AudioFormat.Encoding.ULAW : AudioFormat.Encoding.ALAW;
    }

    /** Encodes every sample with the JDK converter. */
    static byte[] encode(G711Codec codec, short[] samples) {
        byte[] pcm = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            pcm[2 * i] = (byte) samples[i];
            pcm[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        AudioFormat target = new AudioFormat(encodingOf(codec), 8000f, 8, 1, 1, 8000f, false);
        try (AudioInputStream source = new AudioInputStream(new ByteArrayInputStream(pcm), PCM16, samples.length);
             AudioInputStream converted = AudioSystem.getAudioInputStream(target, source)) {
            return converted.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes every code with the JDK converter. */
    static short[] decode(G711Codec codec, byte[] codes) {
        AudioFormat source = new AudioFormat(encodingOf(codec), 8000f, 8, 1, 1, 8000f, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(codes), source, codes.length);
             AudioInputStream converted = AudioSystem.getAudioInputStream(PCM16, in)) {
            byte[] pcm = converted.readAllBytes();
            short[] out = new short[pcm.length / 2];
            for (int i = 0; i < out.length; i++) {
                out[i] = (short) ((pcm[2 * i] & 0xFF) | (pcm[2 * i + 1] << 8));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static short[] allSamples() {
        short[] all = new short[65536];
        for (int i = 0; i < all.length; i++) {
            all[i] = (short) (i - 32768);
        }
        return all;
    }

    static byte[] allCodes() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        return all;
    }
}
