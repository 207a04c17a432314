package org.dialtone.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dialtone.media.codec.G711Codec;
import org.dialtone.media.rtp.RtpHeader;

/**
 * Test helper: a fake phone on 127.0.0.1 (or another loopback address) with an ephemeral port that records every
 * datagram it receives.
 */
final class TestPhone implements AutoCloseable {
    /** A received RTP packet, header fields decoded. */
    record Packet(boolean marker, int payloadType, int sequence, int timestamp, int ssrc, byte[] payload,
                  long arrivalNanos) {
    }

    private final DatagramChannel channel;
    private final List<Packet> received = new CopyOnWriteArrayList<>();
    private final int ssrc;
    private int sequence = 100;
    private int timestamp = 5000;

    TestPhone(int ssrc) {
        this(ssrc, "127.0.0.1");
    }

    /** A phone bound to {@code loopbackAddress} (127.x.y.z), e.g. a stranger on 127.0.0.5. */
    TestPhone(int ssrc, String loopbackAddress) {
        this.ssrc = ssrc;
        try {
            channel = DatagramChannel.open();
            channel.bind(new InetSocketAddress(loopbackAddress, 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().name("test-phone").start(this::receive);
    }

    InetSocketAddress address() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A snapshot of the packets received so far, in arrival order. */
    List<Packet> received() {
        return List.copyOf(received);
    }

    void clearReceived() {
        received.clear();
    }

    /** Sends 20 ms frames of {@code pcm} (multiple of 160 samples) encoded with {@code codec}, seq/ts continuing. */
    void sendAudio(RtpEndpoint to, G711Codec codec, short[] pcm) {
        for (int frame = 0; frame < pcm.length / 160; frame++) {
            byte[] payload = new byte[160];
            for (int i = 0; i < 160; i++) {
                payload[i] = codec.encode(pcm[frame * 160 + i]);
            }
            sendRtp(to, codec.payloadType(), false, payload);
            timestamp += 160;
        }
    }

    /** Sends one RTP packet with the current seq (then incremented) and timestamp. */
    void sendRtp(RtpEndpoint to, int payloadType, boolean marker, byte[] payload) {
        ByteBuffer packet = ByteBuffer.allocate(12 + payload.length);
        RtpHeader.writeFixedHeader(packet, marker, payloadType, sequence, timestamp, ssrc);
        packet.put(12, payload);
        sequence = (sequence + 1) & 0xFFFF;
        sendRaw(to, packet.array());
    }

    void skipSequence(int count) {
        sequence = (sequence + count) & 0xFFFF;
    }

    void sendRaw(RtpEndpoint to, byte[] datagram) {
        try {
            channel.send(ByteBuffer.wrap(datagram), new InetSocketAddress("127.0.0.1", to.localPort()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes the payloads of every received packet with {@code codec}, in arrival order. */
    short[] decodedAudio(G711Codec codec, int skipPackets) {
        List<Packet> packets = new ArrayList<>(received);
        int total = 0;
        for (int i = skipPackets; i < packets.size(); i++) {
            total += packets.get(i).payload().length;
        }
        short[] pcm = new short[total];
        int at = 0;
        for (int i = skipPackets; i < packets.size(); i++) {
            for (byte b : packets.get(i).payload()) {
                pcm[at++] = codec.decode(b);
            }
        }
        return pcm;
    }

    private void receive() {
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        while (channel.isOpen()) {
            buffer.clear();
            try {
                channel.receive(buffer);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                continue;
            }
            int length = buffer.position();
            int offset = RtpHeader.payloadOffset(buffer, length);
            byte[] payload = new byte[Math.max(0, length - Math.max(offset, 12))];
            buffer.get(Math.max(offset, 12), payload);
            received.add(new Packet(RtpHeader.marker(buffer), RtpHeader.payloadType(buffer),
                    RtpHeader.sequenceNumber(buffer), RtpHeader.timestamp(buffer), RtpHeader.ssrc(buffer), payload,
                    System.nanoTime()));
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
