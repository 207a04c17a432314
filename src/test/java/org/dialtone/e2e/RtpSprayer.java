package org.dialtone.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The RTP-bleed attacker of issue 8: from its own loopback address, it sends one 172-byte PCMU packet (12-byte header,
 * 160 bytes of silence) to every even port of a range every 100 ms, and counts whatever comes back. It runs on its own
 * thread from {@link #start} until {@link #close} or {@code maxDuration}, whichever comes first.
 * <p>
 * {@link #malformed} makes the same sweeps with broken packets instead: each sweep sends the next of them to every
 * port of the range, RTP and RTCP alike.
 */
final class RtpSprayer implements AutoCloseable {
    static final int PACKET_BYTES = 172;
    private static final long PERIOD_NANOS = Duration.ofMillis(100).toNanos();

    private final DatagramChannel channel;
    private final String target;
    private final int firstPort;
    private final int lastPort;
    private final long deadline;
    private final AtomicLong sweeps = new AtomicLong();
    private final AtomicLong packetsSent = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final Thread thread;
    /** The packets sent in turn to every port ({@link #malformed}), or null for PCMU to every even port. */
    private final List<byte[]> fixedPackets;
    private volatile boolean stopped;
    private volatile IOException failure;

    /**
     * @param from   the attacker's loopback address, e.g. 127.0.0.5
     * @param target the switch's RTP address, e.g. 127.0.0.1
     */
    RtpSprayer(String from, String target, int firstPort, int lastPort, Duration maxDuration) {
        this(from, target, firstPort, lastPort, maxDuration, null);
    }

    /** A sprayer whose sweeps each send the next of {@code packets} to every port from firstPort to lastPort. */
    static RtpSprayer malformed(String from, String target, int firstPort, int lastPort, Duration maxDuration,
                                List<byte[]> packets) {
        if (packets.isEmpty()) throw new IllegalArgumentException("no packets");
        return new RtpSprayer(from, target, firstPort, lastPort, maxDuration, List.copyOf(packets));
    }

    private RtpSprayer(String from, String target, int firstPort, int lastPort, Duration maxDuration,
                       List<byte[]> fixedPackets) {
        this.fixedPackets = fixedPackets;
        try {
            channel = DatagramChannel.open();
            channel.bind(new InetSocketAddress(from, 0));
            channel.configureBlocking(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.target = target;
        this.firstPort = fixedPackets != null ? firstPort : firstPort + (firstPort & 1);
        this.lastPort = lastPort;
        this.deadline = System.nanoTime() + maxDuration.toNanos();
        this.thread = Thread.ofPlatform().name("rtp-sprayer").daemon().unstarted(this::run);
    }

    RtpSprayer start() {
        thread.start();
        return this;
    }

    /** Completed sweeps over the whole range. */
    long sweeps() { return sweeps.get(); }

    long packetsSent() { return packetsSent.get(); }

    /** Bytes of every datagram the switch sent back to the sprayer. */
    long bytesReceived() { return bytesReceived.get(); }

    private void run() {
        ByteBuffer packet = ByteBuffer.allocate(PACKET_BYTES);
        ByteBuffer incoming = ByteBuffer.allocate(2048);
        byte[] silence = new byte[PACKET_BYTES - 12];
        Arrays.fill(silence, (byte) 0xFF); // μ-law silence
        int sequence = 1;
        int timestamp = 0;
        long next = System.nanoTime();
        try {
            while (!stopped && System.nanoTime() < deadline) {
                byte[] fixed = fixedPackets == null ? null : fixedPackets.get((int) (sweeps.get() % fixedPackets.size()));
                for (int port = firstPort; port <= lastPort && !stopped; port += fixed == null ? 2 : 1) {
                    if (fixed != null) {
                        channel.send(ByteBuffer.wrap(fixed), new InetSocketAddress(target, port));
                    } else {
                        packet.clear();
                        packet.put((byte) 0x80).put((byte) 0).putShort((short) sequence).putInt(timestamp)
                                .putInt(0x0BADBEEF).put(silence).flip();
                        channel.send(packet, new InetSocketAddress(target, port));
                    }
                    packetsSent.incrementAndGet();
                    drain(incoming);
                }
                sequence = (sequence + 1) & 0xFFFF;
                timestamp += 160;
                sweeps.incrementAndGet();
                next += PERIOD_NANOS;
                while (!stopped && System.nanoTime() < next) { // pace the sweeps, receiving meanwhile
                    drain(incoming);
                    LockSupport.parkNanos(1_000_000);
                }
            }
        } catch (IOException e) {
            if (!stopped) failure = e;
        }
    }

    /** Why the sprayer stopped before it was closed, or null. */
    IOException failure() { return failure; }

    private void drain(ByteBuffer incoming) throws IOException {
        while (true) {
            incoming.clear();
            if (channel.receive(incoming) == null) return;
            bytesReceived.addAndGet(incoming.position());
        }
    }

    @Override
    public void close() {
        stopped = true;
        try {
            if (thread.getState() != Thread.State.NEW) thread.join(Duration.ofSeconds(2)); // closed unstarted if a test failed early
            ByteBuffer last = ByteBuffer.allocate(2048);
            drain(last); // anything that arrived after the last sweep counts too
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
