package org.dialtone.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceGapCounterTest {
    @Test
    void countsForwardGapsAcrossWrapButNotLateOrRestartedPackets() {
        SequenceGapCounter counter = new SequenceGapCounter();
        assertThat(counter.onPacket(1, 65533)).isZero();
        assertThat(counter.onPacket(1, 65534)).isZero();
        assertThat(counter.onPacket(1, 1)).isEqualTo(2); // 65535 and 0 missing
        assertThat(counter.onPacket(1, 0)).isZero(); // late
        assertThat(counter.onPacket(1, 2)).isZero();
        assertThat(counter.onPacket(1, 30000)).isZero(); // restart
        assertThat(counter.onPacket(1, 30002)).isEqualTo(1);
        assertThat(counter.onPacket(2, 5)).isZero(); // new SSRC
        assertThat(counter.onPacket(2, 6)).isZero();
    }
}
