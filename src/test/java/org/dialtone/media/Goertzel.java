package org.dialtone.media;

/** Test helper: amplitude of one frequency in a block of samples (Goertzel algorithm). */
final class Goertzel {
    private Goertzel() {
    }

    /** Estimated peak amplitude of a sine at {@code hz} in {@code samples} (8 kHz). */
    static double amplitude(short[] samples, double hz) {
        double coeff = 2 * Math.cos(2 * Math.PI * hz / 8000.0);
        double s1 = 0;
        double s2 = 0;
        for (short sample : samples) {
            double s0 = sample + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        return 2 * Math.sqrt(Math.max(power, 0)) / samples.length;
    }

    static short[] sine(double hz, double amplitude, int count, int startSample) {
        short[] out = new short[count];
        for (int i = 0; i < count; i++) {
            out[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * (startSample + i) / 8000.0));
        }
        return out;
    }
}
