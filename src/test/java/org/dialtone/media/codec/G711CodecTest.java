package org.dialtone.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Checks our G.711 tables against the JDK's javax.sound.sampled converters over every 16-bit sample and every code.
 *
 * <p>The JDK encoders deviate from ITU-T G.191 in two documented places, so the oracle is fed a sample that removes
 * the difference, and the deviation itself is asserted so it cannot hide anything else:
 * <ul>
 *   <li>μ-law: the JDK adds the bias in a {@code short} and overflows for |sample| &gt; 32635 (e.g. -32768 encodes to
 *   a near-zero code). We clip at 32635 as G.711 does, so the oracle gets the clipped sample.</li>
 *   <li>A-law: G.711 quantises the 13-bit value {@code sample >> 3} (one's complement for negatives); the JDK negates the
 *   16-bit value first, which moves quantisation edges of negative samples by up to 7. The oracle gets
 *   {@code sample & ~7}, the same 13-bit value.</li>
 * </ul>
 */
class G711CodecTest {

    @Test
    void muLawDecodeTableMatchesJdkForAll256Codes() {
        short[] expected = JdkG711Oracle.decode(G711Codec.PCMU, JdkG711Oracle.allCodes());
        assertThat(expected).hasSize(256);
        for (int code = 0; code < 256; code++) {
            assertThat(MuLaw.decode((byte) code)).as("code %02x", code).isEqualTo(expected[code]);
        }
    }

    @Test
    void aLawDecodeTableMatchesJdkForAll256Codes() {
        short[] expected = JdkG711Oracle.decode(G711Codec.PCMA, JdkG711Oracle.allCodes());
        assertThat(expected).hasSize(256);
        for (int code = 0; code < 256; code++) {
            assertThat(ALaw.decode((byte) code)).as("code %02x", code).isEqualTo(expected[code]);
        }
    }

    @Test
    void muLawEncoderMatchesJdkForAll65536SamplesWithinG711ClipRange() {
        short[] all = JdkG711Oracle.allSamples();
        short[] clipped = new short[all.length];
        for (int i = 0; i < all.length; i++) {
            clipped[i] = (short) Math.max(-32635, Math.min(32635, all[i]));
        }
        byte[] expected = JdkG711Oracle.encode(G711Codec.PCMU, clipped);
        for (int i = 0; i < all.length; i++) {
            assertThat(MuLaw.encode(all[i])).as("sample %d", all[i]).isEqualTo(expected[i]);
        }
        assertThat(MuLaw.encode(Short.MAX_VALUE)).isEqualTo((byte) 0x80);
        assertThat(MuLaw.encode(Short.MIN_VALUE)).isEqualTo((byte) 0x00);
        assertThat(MuLaw.encode((short) 0)).isEqualTo((byte) 0xFF);
    }

    @Test
    void muLawDiffersFromUnclippedJdkOnlyInItsOverflowRange() {
        short[] all = JdkG711Oracle.allSamples();
        byte[] jdk = JdkG711Oracle.encode(G711Codec.PCMU, all);
        for (int i = 0; i < all.length; i++) {
            if (Math.abs(all[i]) <= 32635) {
                assertThat(MuLaw.encode(all[i])).as("sample %d", all[i]).isEqualTo(jdk[i]);
            }
        }
    }

    @Test
    void aLawEncoderMatchesJdkForAll65536SamplesOn13BitValue() {
        short[] all = JdkG711Oracle.allSamples();
        short[] truncated = new short[all.length];
        for (int i = 0; i < all.length; i++) {
            truncated[i] = (short) (all[i] & ~7);
        }
        byte[] expected = JdkG711Oracle.encode(G711Codec.PCMA, truncated);
        byte[] direct = JdkG711Oracle.encode(G711Codec.PCMA, all);
        for (int i = 0; i < all.length; i++) {
            assertThat(ALaw.encode(all[i])).as("sample %d", all[i]).isEqualTo(expected[i]);
            if (all[i] >= 0) {
                assertThat(ALaw.encode(all[i])).as("positive sample %d", all[i]).isEqualTo(direct[i]);
            }
        }
        assertThat(ALaw.encode((short) 0)).isEqualTo((byte) 0xD5);
        assertThat(ALaw.encode((short) -1)).isEqualTo((byte) 0x55);
    }

    @Test
    void everyCodeSurvivesDecodeThenEncode() {
        for (int code = 0; code < 256; code++) {
            byte c = (byte) code;
            assertThat(ALaw.encode(ALaw.decode(c))).as("A-law %02x", code).isEqualTo(c);
            if (code != 0x7F) { // 0x7F is μ-law "negative zero", it decodes to 0 which encodes as 0xFF
                assertThat(MuLaw.encode(MuLaw.decode(c))).as("μ-law %02x", code).isEqualTo(c);
            }
        }
        assertThat(MuLaw.encode(MuLaw.decode((byte) 0x7F))).isEqualTo((byte) 0xFF);
    }

    @Test
    void translationTablesMatchJdkDecodeThenEncode() {
        byte[] codes = JdkG711Oracle.allCodes();
        short[] fromMu = JdkG711Oracle.decode(G711Codec.PCMU, codes);
        short[] fromA = JdkG711Oracle.decode(G711Codec.PCMA, codes);
        for (int i = 0; i < 256; i++) {
            fromMu[i] = (short) (fromMu[i] & ~7);
        }
        byte[] muToA = JdkG711Oracle.encode(G711Codec.PCMA, fromMu);
        byte[] aToMu = JdkG711Oracle.encode(G711Codec.PCMU, fromA); // A-law values never exceed the μ-law clip
        for (int code = 0; code < 256; code++) {
            assertThat(G711Transcoder.muLawToALaw((byte) code)).as("μ %02x", code).isEqualTo(muToA[code]);
            assertThat(G711Transcoder.aLawToMuLaw((byte) code)).as("A %02x", code).isEqualTo(aToMu[code]);
        }
    }

    @Test
    void transcodesPayloadInPlaceOnlyWithinRange() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(8);
        for (int i = 0; i < 8; i++) {
            buffer.put(i, MuLaw.encode((short) (1000 * i)));
        }
        G711Transcoder.transcodeInPlace(buffer, 2, 4, G711Codec.PCMU, G711Codec.PCMA);
        assertThat(buffer.get(1)).isEqualTo(MuLaw.encode((short) 1000));
        assertThat(buffer.get(6)).isEqualTo(MuLaw.encode((short) 6000));
        for (int i = 2; i < 6; i++) {
            assertThat((double) ALaw.decode(buffer.get(i))).as("sample %d", i).isCloseTo(1000.0 * i, org.assertj.core.data.Offset.offset(1000.0 * i * 0.07 + 16));
        }
        assertThat(G711Codec.forPayloadType(0)).isEqualTo(G711Codec.PCMU);
        assertThat(G711Codec.forPayloadType(8)).isEqualTo(G711Codec.PCMA);
        assertThat(G711Codec.forPayloadType(18)).isNull();
    }
}
