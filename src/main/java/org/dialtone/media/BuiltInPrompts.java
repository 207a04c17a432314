package org.dialtone.media;

/**
 * Synthesises the switch's own audio at 8 kHz, 16-bit mono: North-American ringback and a short original
 * music-on-hold tune.
 *
 * <p><b>Licence of the built-in tune:</b> it is not a recording and not derived from any existing piece or sample. The
 * melody (the note list in {@link #MELODY} and {@link #BASS}) was written for Dialtone, and the audio is computed from
 * it by the code below (sine notes with an envelope) whenever the switch starts. It is therefore part of Dialtone's
 * source code and under the same licence as the rest of the project, the Apache License 2.0 ({@code LICENSE} at the
 * root); no third-party audio or licence applies. See {@code docs/parking.md}.
 */
public final class BuiltInPrompts {
    /** Sample rate of every prompt. */
    public static final int SAMPLE_RATE = 8000;

    private static final double TONE_AMPLITUDE = 0.2 * Short.MAX_VALUE; // about -17 dBFS each, -11 dBFS summed
    /** The melody: MIDI note numbers, 0 for a rest; each lasts one beat. A calm pentatonic phrase in C. */
    private static final int[] MELODY = {
        72, 76, 79, 76, 81, 79, 76, 74,
        72, 74, 76, 79, 76, 74, 72, 0,
        67, 72, 76, 74, 72, 69, 67, 69,
        72, 74, 76, 74, 72, 67, 72, 0,
    };
    /** Root of the soft accompaniment, one per bar of eight beats. */
    private static final int[] BASS = {48, 45, 41, 43};
    private static final double BEAT_SECONDS = 0.3;

    private BuiltInPrompts() {
    }

    /** 440 Hz + 480 Hz for 2 s, then 4 s of silence (one 6 s cycle). */
    public static short[] ringback() {
        short[] pcm = new short[6 * SAMPLE_RATE];
        for (int i = 0; i < 2 * SAMPLE_RATE; i++) {
            double t = (double) i / SAMPLE_RATE;
            double v = TONE_AMPLITUDE * (Math.sin(2 * Math.PI * 440 * t) + Math.sin(2 * Math.PI * 480 * t));
            pcm[i] = (short) Math.round(v);
        }
        return pcm;
    }

    /** The built-in music-on-hold loop (about 9.6 s): a melody over a soft bass note per bar. */
    public static short[] musicOnHold() {
        int beatSamples = (int) (BEAT_SECONDS * SAMPLE_RATE);
        short[] pcm = new short[MELODY.length * beatSamples];
        for (int beat = 0; beat < MELODY.length; beat++) {
            int start = beat * beatSamples;
            if (MELODY[beat] != 0) {
                addNote(pcm, start, beatSamples, frequency(MELODY[beat]), 0.22);
            }
            if (beat % 8 == 0) {
                addNote(pcm, start, 8 * beatSamples, frequency(BASS[beat / 8]), 0.12);
            }
        }
        return pcm;
    }

    private static double frequency(int midiNote) {
        return 440.0 * Math.pow(2, (midiNote - 69) / 12.0);
    }

    /** Adds a sine note with a short attack and an exponential decay (a soft mallet sound), no clicks at the ends. */
    private static void addNote(short[] pcm, int start, int length, double hz, double level) {
        int attack = SAMPLE_RATE / 100;
        for (int i = 0; i < length && start + i < pcm.length; i++) {
            double t = (double) i / SAMPLE_RATE;
            double envelope = Math.min(1.0, (double) i / attack) * Math.exp(-3.0 * i / length)
                    * Math.min(1.0, (double) (length - i) / attack);
            double v = level * Short.MAX_VALUE * envelope
                    * (Math.sin(2 * Math.PI * hz * t) + 0.25 * Math.sin(4 * Math.PI * hz * t));
            int sum = pcm[start + i] + (int) Math.round(v);
            pcm[start + i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sum));
        }
    }
}
