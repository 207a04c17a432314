package org.dialtone.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The harness's pure-Java parts, without any external tool. */
class HarnessUnitIT {

    @Test
    void missing_tool_fails_with_the_install_command() {
        assertThatThrownBy(() -> RequiredTool.require("no-such-tool-dialtone", "no-such-package"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no-such-tool-dialtone not found: install the Debian package no-such-package"
                        + " (apt-get install no-such-package)");
        assertThat(RequiredTool.require("sh", "dash")).isAbsolute();
    }

    @Test
    void sip_port_pairs_are_free_and_rtp_blocks_are_disjoint() {
        int p = FreePorts.sipPortPair();
        assertThat(p).isNotEqualTo(5060);
        assertThat(FreePorts.isUdpFree(p)).isTrue();
        assertThat(FreePorts.isTcpFree(p + 1)).isTrue();

        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            FreePorts.PortRange r = FreePorts.rtpBlock();
            assertThat(r.last() - r.first() + 1).isEqualTo(FreePorts.RTP_BLOCK);
            assertThat(r.first()).isBetween(FreePorts.RTP_FIRST, FreePorts.RTP_LAST);
            assertThat(r.last()).isBetween(FreePorts.RTP_FIRST, FreePorts.RTP_LAST);
            assertThat(used.add(r.first())).as("block %s handed out twice", r).isTrue();
        }
        assertThat(FreePorts.rtpBlock().toString()).matches("\\d{5}-\\d{5}");
    }

    @Test
    void netstrings_are_parsed_back_to_back() throws IOException {
        String wire = "40:{\"response\":true,\"ok\":true,\"token\":\"t1\"},"
                + "47:{\"event\":true,\"type\":\"CALL_CLOSED\",\"param\":\"x\"},";
        var in = new ByteArrayInputStream(wire.getBytes(StandardCharsets.US_ASCII));
        var json = JsonMapper.shared();
        assertThat(Netstring.readJson(in, json).path("token").asString()).isEqualTo("t1");
        assertThat(Netstring.readJson(in, json).path("type").asString()).isEqualTo("CALL_CLOSED");
        assertThat(Netstring.readJson(in, json)).isNull();
        assertThatThrownBy(() -> Netstring.read(new ByteArrayInputStream("3:abc;".getBytes())))
                .isInstanceOf(IOException.class);
    }

    @Test
    void pcm_tone_reads_back_with_its_frequency_and_level() {
        Path wav = AudioAnalysis.writePcmTone(TestDirs.newDir("unit").resolve("t440.wav"), 440, 2, 0.5);
        assertThat(AudioAnalysis.durationSeconds(wav)).isCloseTo(2.0, within(0.01));
        assertThat(AudioAnalysis.peakFrequency(wav, 0.5, 1.0)).isCloseTo(440, within(1.0));
        assertThat(AudioAnalysis.rms(wav, 0.5, 1.0)).isCloseTo(0.5 / Math.sqrt(2), within(0.01));
        assertThat(AudioAnalysis.toneAmplitude(wav, 0.5, 1.0, 440)).isCloseTo(0.5, within(0.05));
        assertThat(AudioAnalysis.toneAmplitude(wav, 0.5, 1.0, 1000)).isLessThan(0.01);
        assertThat(AudioAnalysis.hasTone(wav, 440, 15)).isTrue();
        assertThat(AudioAnalysis.hasTone(wav, 1000, 15)).isFalse();
    }

    @Test
    void ulaw_tone_for_sipp_decodes_to_its_frequency() {
        Path wav = AudioAnalysis.writeUlawTone(TestDirs.newDir("unit").resolve("u600.wav"), 600, 1.5, 0.5);
        assertThat(AudioAnalysis.durationSeconds(wav)).isCloseTo(1.5, within(0.01));
        assertThat(AudioAnalysis.peakFrequency(wav, 0.2, 1.0)).isCloseTo(600, within(1.0));
        assertThat(AudioAnalysis.rms(wav, 0.2, 1.0)).isCloseTo(0.354, within(0.02));
    }

    @Test
    void two_tones_are_both_measurable_as_for_ringback() {
        double[] x = new double[8000];
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.2 * Math.sin(2 * Math.PI * 440 * i / 8000.0) + 0.2 * Math.sin(2 * Math.PI * 480 * i / 8000.0);
        }
        assertThat(AudioAnalysis.toneAmplitude(x, 8000, 440)).isCloseTo(0.2, within(0.03));
        assertThat(AudioAnalysis.toneAmplitude(x, 8000, 480)).isCloseTo(0.2, within(0.03));
        assertThat(AudioAnalysis.toneAmplitude(x, 8000, 620)).isLessThan(0.01);
        assertThat(AudioAnalysis.peakFrequency(x, 8000)).satisfiesAnyOf(
                f -> assertThat(f).isCloseTo(440, within(2.0)), f -> assertThat(f).isCloseTo(480, within(2.0)));
    }

    @Test
    void ulaw_encoder_matches_g711_reference_points() {
        assertThat(AudioAnalysis.G711.linearToUlaw(0)).isEqualTo((byte) 0xFF);
        assertThat(AudioAnalysis.G711.linearToUlaw(-1)).isEqualTo((byte) 0x7F);
        assertThat(AudioAnalysis.G711.linearToUlaw(32767)).isEqualTo((byte) 0x80);
        assertThat(AudioAnalysis.G711.linearToUlaw(-32768)).isEqualTo((byte) 0x00);
    }
}
