package org.dialtone.media;

import java.io.IOException;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Loads a WAV (or other javax.sound.sampled-readable) file as 8 kHz mono 16-bit PCM, for a custom music on hold.
 * Channels are averaged and the rate is converted by linear interpolation (fine for hold music).
 */
public final class WavLoader {
    private WavLoader() {
    }

    /**
     * Reads {@code file} and returns 8 kHz mono samples.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read or decoded to linear PCM
     */
    public static short[] loadWav(Path file) {
        try (AudioInputStream raw = AudioSystem.getAudioInputStream(file.toFile())) {
            AudioFormat source = raw.getFormat();
            AudioFormat pcm16 = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, source.getSampleRate(), 16,
                    source.getChannels(), 2 * source.getChannels(), source.getSampleRate(), false);
            if (!AudioSystem.isConversionSupported(pcm16, source)) {
                throw unsupported(file, "cannot convert " + source + " to 16-bit PCM");
            }
            byte[] bytes;
            try (AudioInputStream converted = AudioSystem.getAudioInputStream(pcm16, raw)) {
                bytes = converted.readAllBytes();
            }
            short[] mono = downmix(bytes, source.getChannels());
            if (mono.length == 0) {
                throw unsupported(file, "no audio samples");
            }
            return resample(mono, source.getSampleRate(), BuiltInPrompts.SAMPLE_RATE);
        } catch (UnsupportedAudioFileException e) {
            throw unsupported(file, "not a supported audio file (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw unsupported(file, "cannot be read (" + e + ")");
        }
    }

    private static IllegalArgumentException unsupported(Path file, String why) {
        return new IllegalArgumentException("Music-on-hold file " + file + ": " + why
                + "; expected a PCM, μ-law or A-law WAV file");
    }

    private static short[] downmix(byte[] littleEndian16, int channels) {
        int frames = littleEndian16.length / (2 * channels);
        short[] mono = new short[frames];
        for (int f = 0; f < frames; f++) {
            int sum = 0;
            for (int c = 0; c < channels; c++) {
                int i = 2 * (f * channels + c);
                sum += (short) ((littleEndian16[i] & 0xFF) | (littleEndian16[i + 1] << 8));
            }
            mono[f] = (short) (sum / channels);
        }
        return mono;
    }

    static short[] resample(short[] in, float fromRate, int toRate) {
        if (Math.abs(fromRate - toRate) < 0.5f) {
            return in;
        }
        int outLength = (int) Math.max(1, (long) in.length * toRate / (long) fromRate);
        short[] out = new short[outLength];
        double step = fromRate / toRate;
        for (int i = 0; i < outLength; i++) {
            double pos = i * step;
            int left = (int) pos;
            int right = Math.min(left + 1, in.length - 1);
            double frac = pos - left;
            out[i] = (short) Math.round(in[Math.min(left, in.length - 1)] * (1 - frac) + in[right] * frac);
        }
        return out;
    }
}
