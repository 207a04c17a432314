package org.dialtone.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RtpHeaderTest {
    private static ByteBuffer packet(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex.replace(" ", ""));
        ByteBuffer buffer = ByteBuffer.allocateDirect(64);
        buffer.put(0, bytes);
        return buffer;
    }

    @Test
    void readsEveryFixedHeaderField() {
        ByteBuffer p = packet("80e5 1234 deadbeef 01020304 aabb");
        assertThat(RtpHeader.version(p)).isEqualTo(2);
        assertThat(RtpHeader.marker(p)).isTrue();
        assertThat(RtpHeader.payloadType(p)).isEqualTo(101);
        assertThat(RtpHeader.sequenceNumber(p)).isEqualTo(0x1234);
        assertThat(RtpHeader.timestamp(p)).isEqualTo(0xdeadbeef);
        assertThat(RtpHeader.ssrc(p)).isEqualTo(0x01020304);
        assertThat(RtpHeader.payloadOffset(p, 14)).isEqualTo(12);
        assertThat(RtpHeader.payloadLength(p, 14)).isEqualTo(2);
    }

    @Test
    void rewritesFieldsInPlaceKeepingTheOthers() {
        ByteBuffer p = packet("8000 ffff 00000001 00000002 7f7f");
        RtpHeader.setPayloadType(p, 8);
        RtpHeader.setMarker(p, true);
        RtpHeader.setSequenceNumber(p, 0x10001); // wraps to 1
        RtpHeader.setTimestamp(p, -2);
        RtpHeader.setSsrc(p, 0xcafebabe);
        byte[] out = new byte[14];
        p.get(0, out);
        assertThat(HexFormat.of().formatHex(out)).isEqualTo("80880001fffffffecafebabe7f7f");
        RtpHeader.setPayloadType(p, 0);
        assertThat(RtpHeader.marker(p)).isTrue();
        RtpHeader.setMarker(p, false);
        assertThat(p.get(1)).isEqualTo((byte) 0);
    }

    @Test
    void skipsCsrcsAndExtensionToFindThePayload() {
        // CC=2, X=1: 12 + 8 (CSRCs) + 4 (ext header, 1 word) + 4 (ext word) = 28
        ByteBuffer p = packet("9200 0001 00000000 00000001 11111111 22222222 bede0001 aabbccdd 0102 0304");
        assertThat(RtpHeader.csrcCount(p)).isEqualTo(2);
        assertThat(RtpHeader.hasExtension(p)).isTrue();
        assertThat(RtpHeader.payloadOffset(p, 32)).isEqualTo(28);
        assertThat(RtpHeader.payloadLength(p, 32)).isEqualTo(4);
        int newLength = RtpHeader.stripToFixedHeader(p, 32);
        assertThat(newLength).isEqualTo(16);
        byte[] out = new byte[newLength];
        p.get(0, out);
        assertThat(HexFormat.of().formatHex(out)).isEqualTo("800000010000000000000001" + "01020304");
    }

    @Test
    void excludesPaddingFromThePayload() {
        ByteBuffer p = packet("a000 0001 00000000 00000001 0102 0000 03");
        assertThat(RtpHeader.payloadLength(p, 17)).isEqualTo(2);
        assertThat(RtpHeader.stripToFixedHeader(p, 17)).isEqualTo(14);
        assertThat(RtpHeader.hasPadding(p)).isFalse();
        assertThat(p.get(12)).isEqualTo((byte) 1);
        assertThat(p.get(13)).isEqualTo((byte) 2);
    }

    @Test
    void rejectsShortWrongVersionAndInconsistentPackets() {
        assertThat(RtpHeader.payloadOffset(packet("8000 0001 00000000 0000"), 10)).isEqualTo(RtpHeader.INVALID);
        assertThat(RtpHeader.payloadOffset(packet("4000 0001 00000000 00000001 00"), 13)).isEqualTo(RtpHeader.INVALID);
        assertThat(RtpHeader.payloadOffset(packet("0000 0001 00000000 00000001 00"), 13)).isEqualTo(RtpHeader.INVALID);
        // claims 15 CSRCs in a 16-byte packet
        assertThat(RtpHeader.payloadOffset(packet("8f00 0001 00000000 00000001 00000000"), 16)).isEqualTo(RtpHeader.INVALID);
        // extension claims 0xffff words
        assertThat(RtpHeader.payloadOffset(packet("9000 0001 00000000 00000001 bedeffff"), 16)).isEqualTo(RtpHeader.INVALID);
        // extension header itself cut off
        assertThat(RtpHeader.payloadOffset(packet("9000 0001 00000000 00000001 bede"), 14)).isEqualTo(RtpHeader.INVALID);
        // padding count larger than the payload, and zero padding count
        assertThat(RtpHeader.payloadLength(packet("a000 0001 00000000 00000001 0109"), 14)).isEqualTo(RtpHeader.INVALID);
        assertThat(RtpHeader.payloadLength(packet("a000 0001 00000000 00000001 0100"), 14)).isEqualTo(RtpHeader.INVALID);
        assertThat(RtpHeader.stripToFixedHeader(packet("a000 0001 00000000 00000001"), 12)).isEqualTo(RtpHeader.INVALID);
    }

    @Test
    void writesAFixedVersion2Header() {
        ByteBuffer p = ByteBuffer.allocateDirect(12);
        RtpHeader.writeFixedHeader(p, true, 8, 65535, 160, 7);
        byte[] out = new byte[12];
        p.get(0, out);
        assertThat(HexFormat.of().formatHex(out)).isEqualTo("8088ffff000000a000000007");
    }
}
