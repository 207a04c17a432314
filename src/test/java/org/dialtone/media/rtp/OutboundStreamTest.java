package org.dialtone.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class OutboundStreamTest {
    private static final long FRAME_NANOS = 20_000_000L;

    private static ByteBuffer incoming(int seq, int ts, int ssrc) {
        ByteBuffer p = ByteBuffer.allocateDirect(172);
        RtpHeader.writeFixedHeader(p, false, 0, seq, ts, ssrc);
        return p;
    }

    @Test
    void keepsSequenceAndTimestampContinuousAcrossSourceSwitchesAndMarksTheSwitch() {
        OutboundStream stream = new OutboundStream(0x55, 1000, 50_000);
        Object prompt = new Object();
        Object peerA = new Object();
        Object peerC = new Object();
        ByteBuffer p = ByteBuffer.allocateDirect(172);
        long now = 0;

        stream.writeGenerated(p, prompt, 8, 160, now);
        assertThat(RtpHeader.sequenceNumber(p)).isEqualTo(1000);
        assertThat(RtpHeader.timestamp(p)).isEqualTo(50_000);
        assertThat(RtpHeader.marker(p)).isTrue();
        assertThat(RtpHeader.ssrc(p)).isEqualTo(0x55);
        stream.writeGenerated(p, prompt, 8, 160, now += FRAME_NANOS);
        assertThat(RtpHeader.sequenceNumber(p)).isEqualTo(1001);
        assertThat(RtpHeader.timestamp(p)).isEqualTo(50_160);
        assertThat(RtpHeader.marker(p)).isFalse();

        ByteBuffer r = incoming(7, 900, 0xAAAA);
        stream.rewriteRelayed(r, peerA, now += FRAME_NANOS);
        assertThat(RtpHeader.sequenceNumber(r)).isEqualTo(1002);
        assertThat(RtpHeader.timestamp(r)).isEqualTo(50_320);
        assertThat(RtpHeader.marker(r)).isTrue();
        assertThat(RtpHeader.ssrc(r)).isEqualTo(0x55);

        r = incoming(9, 1220, 0xAAAA); // one lost packet upstream: the gap is passed through
        stream.rewriteRelayed(r, peerA, now += 2 * FRAME_NANOS);
        assertThat(RtpHeader.sequenceNumber(r)).isEqualTo(1004);
        assertThat(RtpHeader.timestamp(r)).isEqualTo(50_640);
        assertThat(RtpHeader.marker(r)).isFalse();

        r = incoming(40_000, 7, 0xCCCC); // new peer, 1 s later
        stream.rewriteRelayed(r, peerC, now += 50 * FRAME_NANOS);
        assertThat(RtpHeader.sequenceNumber(r)).isEqualTo(1005);
        assertThat(RtpHeader.timestamp(r)).isEqualTo(50_640 + 8000);
        assertThat(RtpHeader.marker(r)).isTrue();
    }

    @Test
    void wrapsSequenceNumbers() {
        OutboundStream stream = new OutboundStream(1, 65535, 0);
        ByteBuffer p = ByteBuffer.allocateDirect(12);
        Object prompt = new Object();
        stream.writeGenerated(p, prompt, 0, 160, 0);
        assertThat(RtpHeader.sequenceNumber(p)).isEqualTo(65535);
        stream.writeGenerated(p, prompt, 0, 160, FRAME_NANOS);
        assertThat(RtpHeader.sequenceNumber(p)).isZero();
    }
}
