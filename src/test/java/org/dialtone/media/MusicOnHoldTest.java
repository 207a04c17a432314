package org.dialtone.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.dialtone.core.media.Prompt;
import org.dialtone.media.codec.G711Codec;
import org.dialtone.testing.AudioAnalysis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The music-on-hold library: which loop a customer's parked callers hear, and what it is built from. */
class MusicOnHoldTest {
    private static final EncodedPrompt BUILT_IN = EncodedPrompt.encode(BuiltInPrompts.musicOnHold());

    @TempDir
    Path dir;

    @Test
    void aCustomerWithItsOwnFileHearsItOthersTheDefault() {
        Path own = AudioAnalysis.writePcmTone(dir.resolve("own.wav"), 700, 1.0, 0.3);
        Path fallback = AudioAnalysis.writePcmTone(dir.resolve("default.wav"), 1000, 1.0, 0.3);

        MusicOnHold library = MusicOnHold.load(fallback, Map.of("1000001", own));

        assertThat(dominantHz(library.forCustomer("1000001"))).isEqualTo(700);
        assertThat(dominantHz(library.forCustomer("2000002"))).isEqualTo(1000);
        assertThat(dominantHz(library.forCustomer(null))).isEqualTo(1000);
        assertThat(library.customerCount()).isEqualTo(1);
    }

    @Test
    void withoutADefaultFileOthersHearTheBuiltInTune() {
        Path own = AudioAnalysis.writePcmTone(dir.resolve("own.wav"), 700, 1.0, 0.3);

        MusicOnHold library = MusicOnHold.load(null, Map.of("1000001", own));

        assertThat(dominantHz(library.forCustomer("1000001"))).isEqualTo(700);
        assertThat(library.forCustomer("2000002").muLaw()).isEqualTo(BUILT_IN.muLaw());
        assertThat(library.forCustomer("2000002").aLaw()).isEqualTo(BUILT_IN.aLaw());
        assertThat(MusicOnHold.builtIn().forCustomer("1000001").muLaw()).isEqualTo(BUILT_IN.muLaw());
    }

    @Test
    void loopsArePreEncodedInBothLawsInWholeFrames() {
        Path own = AudioAnalysis.writePcmTone(dir.resolve("odd.wav"), 700, 0.9013, 0.3); // 7210 samples

        EncodedPrompt loop = MusicOnHold.load(null, Map.of("1000001", own)).forCustomer("1000001");

        assertThat(loop.length()).isEqualTo(46 * EncodedPrompt.SAMPLES_PER_FRAME);
        assertThat(loop.aLaw()).hasSameSizeAs(loop.muLaw());
        assertThat(Goertzel.amplitude(decode(loop.aLaw(), G711Codec.PCMA), 700))
                .isCloseTo(Goertzel.amplitude(decode(loop.muLaw(), G711Codec.PCMU), 700), within(300.0));
    }

    @Test
    void aFileSharedByCustomersIsDecodedOnceAndShared() {
        Path shared = AudioAnalysis.writePcmTone(dir.resolve("shared.wav"), 700, 1.0, 0.3);

        MusicOnHold library = MusicOnHold.load(shared,
                Map.of("1000001", shared, "2000002", dir.resolve(".").resolve("shared.wav")));

        assertThat(library.forCustomer("1000001")).isSameAs(library.forCustomer("2000002"))
                .isSameAs(library.forCustomer("3000003"));
    }

    @Test
    void anUndecodableFileIsRejectedNamingIt() throws IOException {
        Path good = AudioAnalysis.writePcmTone(dir.resolve("good.wav"), 700, 1.0, 0.3);
        Path text = Files.writeString(dir.resolve("readme.wav"), "not audio, just text in a .wav file");
        Path missing = dir.resolve("missing.wav");

        assertThatThrownBy(() -> MusicOnHold.load(good, Map.of("1000001", text)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(text.toString());
        assertThatThrownBy(() -> MusicOnHold.load(missing, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(missing.toString());
    }

    @Test
    void fromDecodedSamplesNullDefaultMeansBuiltIn() {
        MusicOnHold library = MusicOnHold.of(null, Map.of("1000001", Goertzel.sine(700, 7000, 8000, 0)));

        assertThat(dominantHz(library.forCustomer("1000001"))).isEqualTo(700);
        assertThat(library.forCustomer("2000002").muLaw()).isEqualTo(BUILT_IN.muLaw());
    }

    @Test
    void theEngineServesMusicOnHoldByCustomerAndRingbackToAll() {
        int ports = FreePortRange.find(10);
        try (MediaEngine engine = new MediaEngine(new MediaSettings("127.0.0.1", ports, ports + 9),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry())) {
            engine.setMusicOnHold(MusicOnHold.of(Goertzel.sine(1000, 7000, 8000, 0),
                    Map.of("1000001", Goertzel.sine(700, 7000, 8000, 0))));

            assertThat(dominantHz(engine.encodedPrompt(Prompt.MUSIC_ON_HOLD, "1000001"))).isEqualTo(700);
            assertThat(dominantHz(engine.encodedPrompt(Prompt.MUSIC_ON_HOLD, "2000002"))).isEqualTo(1000);
            assertThat(engine.encodedPrompt(Prompt.RINGBACK, "1000001"))
                    .isSameAs(engine.encodedPrompt(Prompt.RINGBACK, null));
        }
    }

    /** Which of the test tones (700 or 1000 Hz) a loop carries. */
    private static int dominantHz(EncodedPrompt loop) {
        short[] pcm = decode(loop.muLaw(), G711Codec.PCMU);
        return Goertzel.amplitude(pcm, 700) > Goertzel.amplitude(pcm, 1000) ? 700 : 1000;
    }

    private static short[] decode(byte[] encoded, G711Codec codec) {
        short[] pcm = new short[encoded.length];
        for (int i = 0; i < encoded.length; i++) pcm[i] = codec.decode(encoded[i]);
        return pcm;
    }
}
