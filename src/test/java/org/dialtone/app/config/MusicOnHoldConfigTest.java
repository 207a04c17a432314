package org.dialtone.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.dialtone.testing.AudioAnalysis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code parking.music_on_hold} and {@code customers[i].music_on_hold}: bound, and checked to be decodable audio. */
class MusicOnHoldConfigTest {
    @TempDir Path tmp;

    @Test void perCustomerAndDefaultFilesAreBound() throws IOException {
        Path own = AudioAnalysis.writePcmTone(tmp.resolve("own.wav"), 700, 0.5, 0.3);
        Path fallback = AudioAnalysis.writeUlawTone(tmp.resolve("default.wav"), 1000, 0.5, 0.3);

        DialtoneConfig c = ConfigLoader.load(write("""
                parking: {music_on_hold: %s}
                customers:
                  - {code: "1000001", name: One, music_on_hold: %s}
                  - {code: "2000002", name: Two}
                """.formatted(fallback, own)), Map.of());

        assertThat(c.parking().musicOnHold()).isEqualTo(fallback.toString());
        assertThat(c.customers().get(0).musicOnHold()).isEqualTo(own.toString());
        assertThat(c.customers().get(1).musicOnHold()).isNull();
    }

    @Test void noMusicConfiguredMeansNull() {
        assertThat(ConfigLoader.load(null, Map.of()).parking().musicOnHold()).isNull();
    }

    @Test void aMissingCustomerFileNamesTheKeyAndFile() throws IOException {
        Path missing = tmp.resolve("nowhere.wav");
        assertProblem("customers: [{code: \"1000001\", name: One, music_on_hold: %s}]".formatted(missing),
                "customers[0].music_on_hold: file not readable: " + missing);
    }

    @Test void aFileThatIsNotAudioNamesTheKeyAndFile() throws IOException {
        Path text = Files.writeString(tmp.resolve("notes.wav"), "meeting notes, not audio");
        String problem = problemFor("""
                customers:
                  - {code: "1000001", name: One}
                  - {code: "2000002", name: Two, music_on_hold: %s}
                """.formatted(text));
        assertThat(problem).startsWith("customers[1].music_on_hold: ").contains(text.toString())
                .contains("not a supported audio file");
    }

    @Test void anEmptyWavIsRejected() throws IOException {
        Path empty = AudioAnalysis.writePcmTone(tmp.resolve("empty.wav"), 700, 0, 0.3);
        assertThat(problemFor("customers: [{code: \"1000001\", name: One, music_on_hold: %s}]".formatted(empty)))
                .startsWith("customers[0].music_on_hold: ").contains(empty.toString()).contains("no audio samples");
    }

    @Test void aDirectoryOrBlankPathIsRejected() throws IOException {
        assertProblem("customers: [{code: \"1000001\", name: One, music_on_hold: %s}]".formatted(tmp),
                "customers[0].music_on_hold: file not readable: " + tmp);
        assertProblem("customers: [{code: \"1000001\", name: One, music_on_hold: \" \"}]",
                "customers[0].music_on_hold: must be a WAV file path, or left out");
    }

    @Test void theParkingDefaultIsCheckedTheSameWay() throws IOException {
        Path text = Files.writeString(tmp.resolve("hold.wav"), "not audio");
        assertThat(problemFor("parking: {music_on_hold: %s}".formatted(text)))
                .startsWith("parking.music_on_hold: ").contains(text.toString());
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("DIALTONE_PARKING_MUSIC_ON_HOLD", text.toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("(from DIALTONE_PARKING_MUSIC_ON_HOLD)");
    }

    private void assertProblem(String yaml, String expected) throws IOException {
        assertThat(problemFor(yaml)).isEqualTo(expected);
    }

    private String problemFor(String yaml) throws IOException {
        return ConfigFiles.onlyProblem(tmp, yaml);
    }

    private Path write(String yaml) throws IOException {
        return ConfigFiles.write(tmp, yaml);
    }
}
