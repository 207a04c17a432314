package org.dialtone.media;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One relayed RTP packet (12-byte header + 160 bytes of G.711, a 20 ms frame), as {@link RtpEndpoint} handles it on
 * its receive thread, both legs latched (each phone has sent): source check against the latched address, header validation, loss counting, then on the peer
 * endpoint header strip, G.711 transcoding when the legs' laws differ, SSRC/seq/timestamp rewrite and the
 * {@code send} to the peer's phone (a real loopback sendto syscall; nobody reads that socket, so once its buffer is
 * full the kernel drops the datagrams, as a far-away phone would receive them without waking anything here).
 *
 * <p>{@code relay} starts after {@code receive} returned: the receive syscall and the virtual thread's wake-up are in
 * {@link RtpRoundTripBenchmark}. {@code preparePacketOnly} is the cost of writing the next packet into the receive
 * buffer, which {@code relay} includes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RtpRelayBenchmark {
    /** PCMU to PCMU (no transcoding), or PCMU to PCMA (transcoded in place). */
    @Param({"PCMU-PCMU", "PCMU-PCMA"})
    public String legs;

    RelayPair pair;
    RelayPair unlatched;
    ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(2048);
    InetSocketAddress from;

    @Setup(Level.Trial)
    public void bridge() throws Exception {
        pair = new RelayPair(legs.equals("PCMU-PCMA"));
        pair.latchB();
        latchA(pair);
        unlatched = new RelayPair(legs.equals("PCMU-PCMA"));
        latchA(unlatched);
        from = pair.phoneAAddress;
    }

    private void latchA(RelayPair p) {
        p.nextPacket(receiveBuffer);
        p.a.onPacket(receiveBuffer, RelayPair.LENGTH, p.phoneAAddress); // latches phone A, as its first packet does
        if (!p.phoneAAddress.equals(p.a.latchedAddress())) throw new IllegalStateException("leg A did not latch");
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        pair.close();
        unlatched.close();
    }

    @Benchmark
    public ByteBuffer relay() {
        pair.nextPacket(receiveBuffer);
        pair.a.onPacket(receiveBuffer, RelayPair.LENGTH, from);
        return receiveBuffer;
    }

    /** The same, while leg B has not latched phone B yet (no packet from it so far): B checks its SDP address. */
    @Benchmark
    public ByteBuffer relayBeforePeerLatched() {
        unlatched.nextPacket(receiveBuffer);
        unlatched.a.onPacket(receiveBuffer, RelayPair.LENGTH, unlatched.phoneAAddress);
        return receiveBuffer;
    }

    @Benchmark
    public ByteBuffer preparePacketOnly() {
        pair.nextPacket(receiveBuffer);
        return receiveBuffer;
    }
}
