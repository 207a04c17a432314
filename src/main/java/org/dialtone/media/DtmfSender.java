package org.dialtone.media;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.dialtone.media.rtp.RtpHeader;

/**
 * Sends digits that arrived out of band (SIP INFO) into one endpoint's outbound stream as RFC 4733 telephone events:
 * per digit a packet every 50 ms with a growing duration (the first with the marker bit), then the end packet three
 * times, all with the event's start timestamp. Digits are sent one after the other on a virtual thread of their own;
 * at most {@link #QUEUE} wait, more are dropped. While an event is being sent, audio relayed into the same endpoint is
 * dropped ({@link #sending()}), so the event's timestamp is not interleaved with another source's.
 */
final class DtmfSender {
    static final int QUEUE = 16;
    private static final String DIGITS = "0123456789*#ABCD";
    private static final int VOLUME = 10; // -10 dBm0
    private static final long UPDATE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final int SAMPLES_PER_MS = 8;
    private static final long NANOS_PER_SAMPLE = 125_000;
    private static final int FIRST_SAMPLES = 20 * SAMPLES_PER_MS;
    private static final int UPDATE_SAMPLES = 50 * SAMPLES_PER_MS;
    private static final Duration SHORTEST = Duration.ofMillis(40);
    private static final Duration LONGEST = Duration.ofSeconds(5);

    private record Digit(int event, int durationSamples) {}

    private final RtpEndpoint endpoint;
    private final BlockingQueue<Digit> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicBoolean draining = new AtomicBoolean();
    private final ByteBuffer packet = ByteBuffer.allocate(RtpHeader.FIXED_LENGTH + 4); // drain thread only
    private volatile boolean sending;

    DtmfSender(RtpEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** The RFC 4733 event code of {@code digit} (0-9, *, #, A-D), or -1. */
    static int eventCode(char digit) {
        return DIGITS.indexOf(Character.toUpperCase(digit));
    }

    /** Queues {@code digit}; false if it is no DTMF digit or too many wait already. */
    boolean send(char digit, Duration duration) {
        int event = eventCode(digit);
        if (event < 0) return false;
        Duration d = duration.compareTo(SHORTEST) < 0 ? SHORTEST : duration.compareTo(LONGEST) > 0 ? LONGEST : duration;
        if (!queue.offer(new Digit(event, (int) d.toMillis() * SAMPLES_PER_MS))) return false;
        if (draining.compareAndSet(false, true)) Thread.ofVirtual().name("dtmf-" + endpoint.localPort()).start(this::drain);
        return true;
    }

    /** Whether an event is being sent now (relayed audio into the endpoint is dropped meanwhile). */
    boolean sending() { return sending; }

    private void drain() {
        while (true) {
            Digit next = queue.poll();
            if (next == null) {
                draining.set(false);
                if (queue.isEmpty() || !draining.compareAndSet(false, true)) return; // a digit raced in: go on
                continue;
            }
            sending = true;
            try {
                sendEvent(next);
            } finally {
                sending = false;
            }
            LockSupport.parkNanos(UPDATE_NANOS); // a pause between digits
        }
    }

    /** One event: its duration so far grows by 50 ms a packet, sent as that much time has passed. */
    private void sendEvent(Digit digit) {
        Object source = new Object(); // a new source for the outbound stream: fresh timestamp, marker bit
        long start = System.nanoTime();
        int elapsed = 0;
        while (true) {
            elapsed = Math.min(elapsed == 0 ? FIRST_SAMPLES : elapsed + UPDATE_SAMPLES, digit.durationSamples());
            boolean end = elapsed == digit.durationSamples();
            for (int copies = end ? 3 : 1; copies > 0; copies--) write(source, digit.event(), end, elapsed);
            if (end || endpoint.isReleased()) return;
            LockSupport.parkNanos(start + (long) elapsed * NANOS_PER_SAMPLE - System.nanoTime());
        }
    }

    private void write(Object source, int event, boolean end, int durationSamples) {
        packet.clear();
        packet.put(RtpHeader.FIXED_LENGTH, (byte) event);
        packet.put(RtpHeader.FIXED_LENGTH + 1, (byte) ((end ? 0x80 : 0) | VOLUME));
        packet.putShort(RtpHeader.FIXED_LENGTH + 2, (short) durationSamples);
        packet.limit(RtpHeader.FIXED_LENGTH + 4).position(0);
        endpoint.sendTelephoneEvent(packet, source);
    }
}
