package org.dialtone.media.rtp;

import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The RTP stream one endpoint sends: its own SSRC and a sequence number and timestamp that stay continuous while the
 * source feeding it changes (a prompt, then a relayed peer, then another peer).
 *
 * <p>A relayed packet keeps its spacing (seq/timestamp offsets are fixed while the source stays the same, so loss and
 * timing are passed through). When the source changes — a different feeding object or a new incoming SSRC — the
 * offsets are recomputed so the first packet continues right after the last one sent (timestamp advanced by the wall
 * time elapsed, at least one 20 ms frame), and that packet gets the marker bit.
 *
 * <p>Thread-safety: methods synchronise on this object. During a switch two threads (a receive thread and the pacing
 * clock) may briefly feed the same stream; the lock is per endpoint, never shared between calls, and uncontended in the
 * steady state.
 */
public final class OutboundStream {
    private static final int SAMPLES_PER_FRAME = 160;
    private static final long NANOS_PER_SAMPLE = 125_000; // 8 kHz

    private final int ssrc;
    private int lastSequence;
    private int lastTimestamp;
    private long lastSentNanos;
    private boolean sentAny;

    private Object source;
    private int sourceSsrc;
    private int sequenceOffset;
    private int timestampOffset;

    /** A stream with a random SSRC and random initial sequence number and timestamp (RFC 3550 §5.1). */
    public OutboundStream() {
        this(ThreadLocalRandom.current().nextInt(), ThreadLocalRandom.current().nextInt(0x10000),
                ThreadLocalRandom.current().nextInt());
    }

    /** A stream with the given SSRC whose first packet will carry {@code firstSequence} and {@code firstTimestamp}. */
    public OutboundStream(int ssrc, int firstSequence, int firstTimestamp) {
        this.ssrc = ssrc;
        this.lastSequence = (firstSequence - 1) & 0xFFFF;
        this.lastTimestamp = firstTimestamp - SAMPLES_PER_FRAME;
    }

    public int ssrc() {
        return ssrc;
    }

    /**
     * Rewrites the SSRC, sequence number, timestamp and (on a source switch) marker of a relayed packet in place.
     *
     * @param packet a valid RTP packet at index 0 (payload type already mapped)
     * @param from   the object feeding this stream (the sending endpoint); a different one means a source switch
     */
    public synchronized void rewriteRelayed(ByteBuffer packet, Object from, long nowNanos) {
        int inSequence = RtpHeader.sequenceNumber(packet);
        int inTimestamp = RtpHeader.timestamp(packet);
        int inSsrc = RtpHeader.ssrc(packet);
        boolean switched = from != source || inSsrc != sourceSsrc;
        if (switched) {
            source = from;
            sourceSsrc = inSsrc;
            sequenceOffset = ((lastSequence + 1) - inSequence) & 0xFFFF;
            timestampOffset = nextTimestamp(nowNanos) - inTimestamp;
        }
        int outSequence = (inSequence + sequenceOffset) & 0xFFFF;
        int outTimestamp = inTimestamp + timestampOffset;
        RtpHeader.setSequenceNumber(packet, outSequence);
        RtpHeader.setTimestamp(packet, outTimestamp);
        RtpHeader.setSsrc(packet, ssrc);
        if (switched) {
            RtpHeader.setMarker(packet, true);
        }
        if (!sentAny || ((outSequence - lastSequence) & 0xFFFF) < 0x8000) { // keep the highest sent
            lastSequence = outSequence;
            lastTimestamp = outTimestamp;
        }
        lastSentNanos = nowNanos;
        sentAny = true;
    }

    /**
     * Writes the fixed header for the next generated frame (a prompt) of {@code samples} samples into {@code packet}.
     *
     * @param from the generating object; a different one than last time means a source switch (marker bit set)
     */
    public synchronized void writeGenerated(ByteBuffer packet, Object from, int payloadType, int samples,
                                            long nowNanos) {
        boolean switched = from != source;
        int timestamp;
        if (switched) {
            source = from;
            sourceSsrc = 0;
            timestamp = nextTimestamp(nowNanos);
        } else {
            timestamp = lastTimestamp + samples;
        }
        int sequence = (lastSequence + 1) & 0xFFFF;
        RtpHeader.writeFixedHeader(packet, switched, payloadType, sequence, timestamp, ssrc);
        lastSequence = sequence;
        lastTimestamp = timestamp;
        lastSentNanos = nowNanos;
        sentAny = true;
    }

    private int nextTimestamp(long nowNanos) {
        if (!sentAny) {
            return lastTimestamp + SAMPLES_PER_FRAME;
        }
        long elapsedSamples = (nowNanos - lastSentNanos) / NANOS_PER_SAMPLE;
        return lastTimestamp + (int) Math.max(SAMPLES_PER_FRAME, Math.min(elapsedSamples, Integer.MAX_VALUE / 2));
    }
}
