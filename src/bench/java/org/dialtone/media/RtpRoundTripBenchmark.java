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
 * One packet through real sockets: phone A sends to leg A's RTP port, the endpoint's virtual receive thread wakes up
 * and relays it out of leg B, and phone B receives it. One packet in flight at a time, so this is the latency the
 * switch adds per packet (two sendto, two recvfrom, one virtual-thread wake-up) rather than its throughput.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RtpRoundTripBenchmark {
    @Param({"PCMU-PCMU", "PCMU-PCMA"})
    public String legs;

    RelayPair pair;
    ByteBuffer out = ByteBuffer.allocateDirect(2048);
    ByteBuffer in = ByteBuffer.allocateDirect(2048);
    InetSocketAddress legA;

    @Setup(Level.Trial)
    public void bridge() throws Exception {
        pair = new RelayPair(legs.equals("PCMU-PCMA"));
        legA = pair.aAddress();
        pair.latchB();
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        pair.close();
    }

    @Benchmark
    public ByteBuffer sendAndReceiveRelayed() throws Exception {
        pair.nextPacket(out);
        out.flip();
        pair.phoneA.send(out, legA);
        in.clear();
        pair.phoneB.receive(in);
        return in;
    }
}
