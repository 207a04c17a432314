package org.dialtone.media.rtp;

/**
 * Counts packets missing from one received RTP stream by watching sequence-number gaps. Late or duplicate packets (a
 * step backwards) and large jumps (a restarted stream) are not counted as loss. Not thread-safe: one receive thread
 * owns it.
 */
public final class SequenceGapCounter {
    /** Forward steps above this are treated as a stream restart, not loss (RFC 3550 A.1 MAX_DROPOUT). */
    static final int MAX_DROPOUT = 3000;

    private boolean started;
    private int ssrc;
    private int expected;

    /** Records one received packet and returns how many packets went missing right before it. */
    public int onPacket(int ssrc, int sequenceNumber) {
        if (!started || ssrc != this.ssrc) {
            started = true;
            this.ssrc = ssrc;
            expected = (sequenceNumber + 1) & 0xFFFF;
            return 0;
        }
        int step = (sequenceNumber - expected) & 0xFFFF;
        if (step == 0) {
            expected = (sequenceNumber + 1) & 0xFFFF;
            return 0;
        }
        if (step < MAX_DROPOUT) {
            expected = (sequenceNumber + 1) & 0xFFFF;
            return step;
        }
        if (step >= 0x10000 - 100) {
            return 0; // late or duplicate packet
        }
        expected = (sequenceNumber + 1) & 0xFFFF; // big jump: resynchronise
        return 0;
    }
}
