package org.dialtone.media;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.ThreadLocalRandom;
import org.dialtone.media.rtp.RtpHeader;

/**
 * Two bridged endpoints of a real {@link MediaEngine} on 127.0.0.1, with a phone socket on each side: what a call's
 * media looks like on the switch. Leg A negotiated PCMU; leg B PCMU, or PCMA when {@code transcoding}.
 */
final class RelayPair implements AutoCloseable {
    static final int PAYLOAD = 160;
    static final int LENGTH = RtpHeader.FIXED_LENGTH + PAYLOAD;

    private static final byte[] AUDIO = new byte[PAYLOAD];

    static {
        for (int i = 0; i < PAYLOAD; i++) AUDIO[i] = (byte) (0xFF - (i & 0x3F));
    }

    final MediaEngine engine;
    final RtpEndpoint a;
    final RtpEndpoint b;
    final DatagramChannel phoneA;
    final DatagramChannel phoneB;
    final InetSocketAddress phoneAAddress;
    private int sequence;
    private int timestamp;

    RelayPair(boolean transcoding) throws Exception {
        int base = freeRange(20);
        engine = new MediaEngine(new MediaSettings("127.0.0.1", base, base + 19), new SimpleMeterRegistry());
        phoneA = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        phoneB = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        phoneAAddress = (InetSocketAddress) phoneA.getLocalAddress();
        a = engine.allocate();
        b = engine.allocate();
        a.trustSignallingSource(InetAddress.getLoopbackAddress());
        b.trustSignallingSource(InetAddress.getLoopbackAddress());
        a.configure(phoneAAddress, 0, 101);
        b.configure((InetSocketAddress) phoneB.getLocalAddress(), transcoding ? 8 : 0, 101);
        a.bridgeWith(b);
    }

    /** Writes the next PCMU packet of phone A's stream (seq +1, timestamp +160) at the start of {@code buffer}. */
    void nextPacket(ByteBuffer buffer) {
        buffer.clear();
        RtpHeader.writeFixedHeader(buffer, false, 0, sequence++ & 0xFFFF, timestamp += PAYLOAD, 0x1234_5678);
        buffer.put(RtpHeader.FIXED_LENGTH, AUDIO, 0, PAYLOAD);
        buffer.position(LENGTH);
    }

    /**
     * Makes leg B latch phone B, as it does in a call once phone B's first packet arrives: until then leg B sends to
     * its SDP address, checked against the signalling address for every packet.
     */
    void latchB() throws Exception {
        ByteBuffer packet = ByteBuffer.allocateDirect(LENGTH);
        nextPacket(packet);
        packet.flip();
        phoneB.send(packet, new InetSocketAddress("127.0.0.1", b.localPort()));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (b.latchedAddress() == null) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("leg B did not latch");
            Thread.onSpinWait();
        }
        ByteBuffer relayed = ByteBuffer.allocateDirect(2048);
        phoneA.receive(relayed); // leg A relayed it to phone A: take it, so phone A's socket starts empty
    }

    InetSocketAddress aAddress() {
        return new InetSocketAddress("127.0.0.1", a.localPort());
    }

    @Override
    public void close() throws IOException {
        engine.close();
        phoneA.close();
        phoneB.close();
    }

    private static int freeRange(int size) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = 20_000 + 2 * ThreadLocalRandom.current().nextInt(15_000);
            boolean free = true;
            for (int port = base; port < base + size && free; port++) {
                try (DatagramChannel probe = DatagramChannel.open()) {
                    probe.bind(new InetSocketAddress("127.0.0.1", port));
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) return base;
        }
        throw new IOException("no free UDP port range of " + size);
    }
}
