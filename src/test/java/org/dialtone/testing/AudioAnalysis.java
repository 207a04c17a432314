package org.dialtone.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Checks on recorded audio: which tone is in it and how loud. Reads WAV files with javax.sound.sampled (baresip's
 * recordings are 8 kHz mono s16; u-law/A-law WAVs are decoded too), first channel only, samples normalised to -1..1.
 *
 * <p>The peak frequency comes from a Goertzel scan (Hann window) over 100–3500 Hz in 1 Hz steps, so a 1 s window gives
 * about 1 Hz accuracy. Windows are given in seconds from the start of the file; skip the first ~0.5 s of a call
 * (jitter buffer start-up).
 */
public final class AudioAnalysis {
    public static final double MIN_HZ = 100;
    public static final double MAX_HZ = 3500;

    /** Decoded audio: mono samples in -1..1. */
    public record Samples(double[] data, float sampleRate) {
        public double seconds() { return data.length / (double) sampleRate; }

        /** The samples of [start, start+seconds), clipped to what exists. */
        public double[] window(double startSeconds, double seconds) {
            int from = (int) Math.max(0, Math.round(startSeconds * sampleRate));
            int to = (int) Math.min(data.length, Math.round((startSeconds + seconds) * sampleRate));
            if (to - from < sampleRate / 20) {
                throw new AssertionError(String.format("audio window %.2f s + %.2f s is outside the %.2f s recording",
                        startSeconds, seconds, seconds()));
            }
            double[] w = new double[to - from];
            System.arraycopy(data, from, w, 0, w.length);
            return w;
        }
    }

    private AudioAnalysis() {}

    public static Samples read(Path wav) {
        try (AudioInputStream raw = AudioSystem.getAudioInputStream(wav.toFile())) {
            AudioFormat f = raw.getFormat();
            AudioFormat pcm = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, f.getSampleRate(), 16, f.getChannels(),
                    2 * f.getChannels(), f.getSampleRate(), false);
            try (AudioInputStream in = f.matches(pcm) ? raw : AudioSystem.getAudioInputStream(pcm, raw)) {
                byte[] bytes = in.readAllBytes();
                int channels = f.getChannels();
                int frames = bytes.length / (2 * channels);
                ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
                double[] x = new double[frames];
                for (int i = 0; i < frames; i++) x[i] = b.getShort(i * 2 * channels) / 32768.0;
                return new Samples(x, f.getSampleRate());
            }
        } catch (UnsupportedAudioFileException e) {
            throw new AssertionError("not a readable WAV: " + wav + " (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Length in seconds as declared by the WAV header (0 while baresip is still writing it). */
    public static double durationSeconds(Path wav) {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            long frames = in.getFrameLength();
            return frames <= 0 ? 0 : frames / (double) in.getFormat().getFrameRate();
        } catch (UnsupportedAudioFileException e) {
            throw new AssertionError("not a readable WAV: " + wav, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The dominant frequency (Hz, 100–3500) of [start, start+seconds). */
    public static double peakFrequency(Path wav, double startSeconds, double seconds) {
        Samples s = read(wav);
        return peakFrequency(s.window(startSeconds, seconds), s.sampleRate());
    }

    public static double peakFrequency(double[] x, double sampleRate) {
        double[] w = hann(x);
        double bestHz = 0;
        double best = -1;
        for (double hz = MIN_HZ; hz <= Math.min(MAX_HZ, sampleRate / 2 - 1); hz += 1) {
            double p = goertzelPower(w, sampleRate, hz);
            if (p > best) {
                best = p;
                bestHz = hz;
            }
        }
        // refine to 0.1 Hz around the 1 Hz peak
        double center = bestHz;
        for (double hz = center - 1; hz <= center + 1; hz += 0.1) {
            double p = goertzelPower(w, sampleRate, hz);
            if (p > best) {
                best = p;
                bestHz = hz;
            }
        }
        return bestHz;
    }

    /** Root mean square of [start, start+seconds), 0..1 (a full-scale sine is 0.707). */
    public static double rms(Path wav, double startSeconds, double seconds) {
        Samples s = read(wav);
        return rms(s.window(startSeconds, seconds));
    }

    public static double rms(double[] x) {
        double sum = 0;
        for (double v : x) sum += v * v;
        return x.length == 0 ? 0 : Math.sqrt(sum / x.length);
    }

    /**
     * The amplitude (0..1, a sine of amplitude A reads about A) of the component at {@code hz} (best within ±2 Hz) in
     * [start, start+seconds). Use it for tones that are not alone, e.g. ringback 440+480 Hz.
     */
    public static double toneAmplitude(Path wav, double startSeconds, double seconds, double hz) {
        Samples s = read(wav);
        return toneAmplitude(s.window(startSeconds, seconds), s.sampleRate(), hz);
    }

    public static double toneAmplitude(double[] x, double sampleRate, double hz) {
        double[] w = hann(x);
        double best = 0;
        for (double f = hz - 2; f <= hz + 2; f += 0.25) best = Math.max(best, goertzelPower(w, sampleRate, f));
        // Hann window has coherent gain 0.5: |X(f)| = A * N / 4 for a sine of amplitude A
        return Math.sqrt(best) * 4 / x.length;
    }

    /**
     * Whether the recording carries a tone of {@code hz}: in the window 0.5 s .. 2.5 s (or to the end), the peak is
     * within {@code toleranceHz} and the RMS is above 0.05.
     */
    public static boolean hasTone(Path wav, double hz, double toleranceHz) {
        Samples s = read(wav);
        double len = Math.min(2.0, s.seconds() - 0.5);
        if (len < 0.1) return false;
        double[] x = s.window(0.5, len);
        return Math.abs(peakFrequency(x, s.sampleRate()) - hz) <= toleranceHz && rms(x) > 0.05;
    }

    /** One line for assertion messages: peak, RMS and length. */
    public static String describe(Path wav, double startSeconds, double seconds) {
        Samples s = read(wav);
        double[] x = s.window(startSeconds, seconds);
        return String.format("%s: %.2f s, peak %.1f Hz, rms %.3f in [%.1f s, +%.1f s]", wav.getFileName(), s.seconds(),
                peakFrequency(x, s.sampleRate()), rms(x), startSeconds, seconds);
    }

    // ---------------------------------------------------------------------------------------------- generators

    /** Writes a sine as an 8 kHz mono G.711 u-law WAV (the raw codec bytes sipp's rtp_stream sends as PT 0). */
    public static Path writeUlawTone(Path file, double hz, double seconds, double amplitude) {
        int n = (int) Math.round(seconds * 8000);
        byte[] data = new byte[n];
        for (int i = 0; i < n; i++) {
            data[i] = G711.linearToUlaw((int) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * hz * i / 8000.0)));
        }
        // the same layout sox writes: fmt (18 bytes, format 7 = mu-law), fact, data
        ByteBuffer h = ByteBuffer.allocate(58).order(ByteOrder.LITTLE_ENDIAN);
        h.put("RIFF".getBytes()).putInt(50 + n).put("WAVE".getBytes());
        h.put("fmt ".getBytes()).putInt(18).putShort((short) 7).putShort((short) 1).putInt(8000).putInt(8000)
                .putShort((short) 1).putShort((short) 8).putShort((short) 0);
        h.put("fact".getBytes()).putInt(4).putInt(n);
        h.put("data".getBytes()).putInt(n);
        return write(file, h.array(), data);
    }

    /** Writes a sine as an 8 kHz mono s16 WAV (what baresip's aufile source wants). */
    public static Path writePcmTone(Path file, double hz, double seconds, double amplitude) {
        int n = (int) Math.round(seconds * 8000);
        ByteBuffer d = ByteBuffer.allocate(2 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            d.putShort((short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * hz * i / 8000.0)));
        }
        ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        h.put("RIFF".getBytes()).putInt(36 + 2 * n).put("WAVE".getBytes());
        h.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000).putInt(16000)
                .putShort((short) 2).putShort((short) 16);
        h.put("data".getBytes()).putInt(2 * n);
        return write(file, h.array(), d.array());
    }

    private static Path write(Path file, byte[] header, byte[] data) {
        try {
            ByteArrayOutputStream all = new ByteArrayOutputStream(header.length + data.length);
            all.writeBytes(header);
            all.writeBytes(data);
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, all.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double[] hann(double[] x) {
        double[] w = new double[x.length];
        int n = x.length;
        for (int i = 0; i < n; i++) w[i] = x[i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1)));
        return w;
    }

    private static double goertzelPower(double[] x, double sampleRate, double hz) {
        double coeff = 2 * Math.cos(2 * Math.PI * hz / sampleRate);
        double s1 = 0;
        double s2 = 0;
        for (double v : x) {
            double s0 = v + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - coeff * s1 * s2;
    }

    /** G.711 u-law encoder (ITU-T G.711, as in the reference implementation). */
    static final class G711 {
        private static final int BIAS = 0x84;
        private static final int CLIP = 32635;

        private G711() {}

        static byte linearToUlaw(int sample) {
            int sign = (sample >> 8) & 0x80;
            if (sign != 0) sample = -sample;
            if (sample > CLIP) sample = CLIP;
            sample += BIAS;
            int exponent = 7;
            for (int mask = 0x4000; (sample & mask) == 0 && exponent > 0; mask >>= 1) exponent--;
            int mantissa = (sample >> (exponent + 3)) & 0x0F;
            return (byte) ~(sign | (exponent << 4) | mantissa);
        }
    }
}
