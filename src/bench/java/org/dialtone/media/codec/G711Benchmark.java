package org.dialtone.media.codec;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * G.711 on one 20 ms frame (160 samples), the unit the media path works in: encode (computed), decode (256-entry
 * table), and the in-place μ-law→A-law transcoding a relay between a PCMU and a PCMA leg does per packet. Divide by 160
 * for the cost per sample.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class G711Benchmark {
    static final int FRAME = 160;

    short[] linear = new short[FRAME];
    byte[] muLaw = new byte[FRAME];
    byte[] aLaw = new byte[FRAME];
    byte[] codes = new byte[FRAME];
    short[] decoded = new short[FRAME];
    ByteBuffer packet = ByteBuffer.allocateDirect(12 + FRAME);

    @Setup
    public void frame() {
        for (int i = 0; i < FRAME; i++) { // a 1 kHz tone at about -6 dBFS, plus some low noise: all segments are used
            linear[i] = (short) (16000 * Math.sin(2 * Math.PI * 1000 * i / 8000.0) + (i * 7919 % 200) - 100);
            muLaw[i] = MuLaw.encode(linear[i]);
            aLaw[i] = ALaw.encode(linear[i]);
        }
        packet.put(12, muLaw);
    }

    @Benchmark
    public byte[] encodeMuLawFrame() {
        for (int i = 0; i < FRAME; i++) codes[i] = MuLaw.encode(linear[i]);
        return codes;
    }

    @Benchmark
    public byte[] encodeALawFrame() {
        for (int i = 0; i < FRAME; i++) codes[i] = ALaw.encode(linear[i]);
        return codes;
    }

    @Benchmark
    public short[] decodeMuLawFrame() {
        for (int i = 0; i < FRAME; i++) decoded[i] = MuLaw.decode(muLaw[i]);
        return decoded;
    }

    @Benchmark
    public short[] decodeALawFrame() {
        for (int i = 0; i < FRAME; i++) decoded[i] = ALaw.decode(aLaw[i]);
        return decoded;
    }

    /** What RtpEndpoint.relay does to a payload between a PCMU and a PCMA leg (the cost is data-independent). */
    @Benchmark
    public ByteBuffer transcodeMuLawToALawInPlace() {
        G711Transcoder.transcodeInPlace(packet, 12, FRAME, G711Codec.PCMU, G711Codec.PCMA);
        return packet;
    }
}
