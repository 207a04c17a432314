package org.dialtone.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavLoaderTest {
    @TempDir
    Path dir;

    @Test
    void converts16kHzStereoTo8kHzMono() throws IOException {
        int rate = 16000;
        int frames = rate; // 1 s
        byte[] data = new byte[frames * 4];
        for (int i = 0; i < frames; i++) {
            short left = (short) Math.round(6000 * Math.sin(2 * Math.PI * 1000 * i / rate));
            short right = (short) Math.round(2000 * Math.sin(2 * Math.PI * 1000 * i / rate));
            data[4 * i] = (byte) left;
            data[4 * i + 1] = (byte) (left >> 8);
            data[4 * i + 2] = (byte) right;
            data[4 * i + 3] = (byte) (right >> 8);
        }
        Path file = write("stereo.wav", new AudioFormat(rate, 16, 2, true, false), data, frames);

        short[] pcm = WavLoader.loadWav(file);

        assertThat(pcm.length).isCloseTo(8000, within(2));
        assertThat(Goertzel.amplitude(pcm, 1000)).isCloseTo(4000, within(400.0)); // (6000 + 2000) / 2
        assertThat(Goertzel.amplitude(pcm, 2000)).isLessThan(200);
    }

    @Test
    void downsamples44kHzKeepingTheBandAndRejectingWhatWouldAlias() throws IOException {
        int rate = 44100;
        int frames = rate;
        byte[] data = new byte[frames * 2];
        for (int i = 0; i < frames; i++) {
            double t = (double) i / rate;
            // 800 Hz stays; 5 kHz would alias to 3 kHz at 8 kHz
            short v = (short) Math.round(5000 * Math.sin(2 * Math.PI * 800 * t) + 5000 * Math.sin(2 * Math.PI * 5000 * t));
            data[2 * i] = (byte) v;
            data[2 * i + 1] = (byte) (v >> 8);
        }
        short[] pcm = WavLoader.loadWav(write("cd.wav", new AudioFormat(rate, 16, 1, true, false), data, frames));
        assertThat(pcm.length).isCloseTo(8000, within(2));
        assertThat(Goertzel.amplitude(pcm, 800)).isCloseTo(5000, within(300.0));
        assertThat(Goertzel.amplitude(pcm, 3000)).isLessThan(150);
    }

    @Test
    void readsMuLawWav() throws IOException {
        short[] tone = Goertzel.sine(600, 5000, 4000, 0);
        byte[] data = org.dialtone.media.codec.G711Codec.PCMU.encodeAll(tone);
        AudioFormat ulaw = new AudioFormat(AudioFormat.Encoding.ULAW, 8000, 8, 1, 1, 8000, false);
        Path file = write("ulaw.wav", ulaw, data, data.length);
        short[] pcm = WavLoader.loadWav(file);
        assertThat(pcm).hasSize(4000);
        assertThat(Goertzel.amplitude(pcm, 600)).isCloseTo(5000, within(300.0));
    }

    @Test
    void rejectsNonAudioFilesNamingTheFile() throws IOException {
        Path file = dir.resolve("notes.wav");
        Files.writeString(file, "this is not RIFF audio at all, just text");
        assertThatThrownBy(() -> WavLoader.loadWav(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString());
        Path missing = dir.resolve("missing.wav");
        assertThatThrownBy(() -> WavLoader.loadWav(missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void checkReadsOnlyTheHeaderAndAgreesWithLoad() throws IOException {
        short[] tone = Goertzel.sine(600, 5000, 800, 0);
        byte[] data = org.dialtone.media.codec.G711Codec.PCMA.encodeAll(tone);
        Path alaw = write("alaw.wav", new AudioFormat(AudioFormat.Encoding.ALAW, 8000, 8, 1, 1, 8000, false), data,
                data.length);
        WavLoader.checkWav(alaw);
        Path text = Files.writeString(dir.resolve("text.wav"), "plain text, no RIFF header");
        assertThatThrownBy(() -> WavLoader.checkWav(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text.toString());
        Path empty = write("empty.wav", new AudioFormat(8000, 16, 1, true, false), new byte[0], 0);
        assertThatThrownBy(() -> WavLoader.checkWav(empty)).hasMessageContaining("no audio samples");
        assertThatThrownBy(() -> WavLoader.loadWav(empty)).hasMessageContaining("no audio samples");
    }

    private Path write(String name, AudioFormat format, byte[] data, long frames) throws IOException {
        Path file = dir.resolve(name);
        try (AudioInputStream stream = new AudioInputStream(new ByteArrayInputStream(data), format, frames)) {
            AudioSystem.write(stream, AudioFileFormat.Type.WAVE, file.toFile());
        }
        return file;
    }
}
