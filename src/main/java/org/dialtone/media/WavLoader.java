package org.dialtone.media;

import java.io.IOException;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Loads a WAV (or other javax.sound.sampled-readable) file as 8 kHz mono 16-bit PCM, for a custom music on hold.
 * Channels are averaged and the rate is converted simply (see {@link #resample}); fine for hold music.
 */
public final class WavLoader {
    /** Zero crossings of the interpolation kernel on each side. */
    private static final int ZERO_CROSSINGS = 8;

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
            AudioFormat pcm16 = pcm16(source);
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

    /**
     * Checks, from its header only, that {@code file} is readable audio {@link #loadWav} can decode (cheap enough for
     * configuration validation; the samples are decoded once, later).
     *
     * @throws IllegalArgumentException naming the file and saying what is wrong
     */
    public static void checkWav(Path file) {
        try (AudioInputStream raw = AudioSystem.getAudioInputStream(file.toFile())) {
            AudioFormat source = raw.getFormat();
            if (!AudioSystem.isConversionSupported(pcm16(source), source)) {
                throw unsupported(file, "cannot convert " + source + " to 16-bit PCM");
            }
            if (raw.getFrameLength() == 0) {
                throw unsupported(file, "no audio samples");
            }
        } catch (UnsupportedAudioFileException e) {
            throw unsupported(file, "not a supported audio file (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw unsupported(file, "cannot be read (" + e + ")");
        }
    }

    private static AudioFormat pcm16(AudioFormat source) {
        return new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, source.getSampleRate(), 16, source.getChannels(),
                2 * source.getChannels(), source.getSampleRate(), false);
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

    /**
     * Converts the sample rate with a Hann-windowed sinc interpolator whose cutoff is 0.45 × the lower of the two rates,
     * so downsampling (e.g. 44.1 kHz to 8 kHz) does not fold high notes back into the telephone band.
     */
    static short[] resample(short[] in, float fromRate, int toRate) {
        if (Math.abs(fromRate - toRate) < 0.5f) {
            return in;
        }
        int outLength = (int) Math.max(1, (long) in.length * toRate / (long) fromRate);
        short[] out = new short[outLength];
        double step = fromRate / toRate;
        double cutoff = 0.45 * Math.min(fromRate, toRate) / fromRate; // cycles per input sample
        int halfWidth = (int) Math.ceil(ZERO_CROSSINGS / (2 * cutoff));
        for (int i = 0; i < outLength; i++) {
            double centre = i * step;
            int first = Math.max(0, (int) Math.ceil(centre - halfWidth));
            int last = Math.min(in.length - 1, (int) Math.floor(centre + halfWidth));
            double sum = 0;
            double weights = 0;
            for (int j = first; j <= last; j++) {
                double x = j - centre;
                double window = 0.5 + 0.5 * Math.cos(Math.PI * x / halfWidth);
                double weight = window * sinc(2 * cutoff * x);
                sum += weight * in[j];
                weights += weight;
            }
            double value = weights == 0 ? 0 : sum / weights;
            out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(value)));
        }
        return out;
    }

    private static double sinc(double x) {
        return x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    }
}
