package org.dialtone.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.dialtone.testing.Fuzzer;
import org.dialtone.testing.MalformedRtp;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, fuzzing: every datagram that reaches an RTP port from its leg's own phone goes through {@link RtpHeader}.
 * For any bytes, in a receive buffer of the endpoint's size, it finds a payload inside the packet or says
 * {@link RtpHeader#INVALID}, and never throws. Inputs: random packets, valid ones with random flags, counts and
 * lengths, and {@link MalformedRtp} with bytes flipped. Runs for {@link Fuzzer#budget()}.
 */
class RtpHeaderFuzzTest {
    private static final int RECEIVE_BUFFER = 2048; // RtpEndpoint's

    @Test
    void anyDatagramHasAPayloadInsideItOrIsInvalidAndNothingThrows() {
        List<byte[]> malformed = MalformedRtp.packets();
        Fuzzer.Summary s = Fuzzer.run("rtp-header", random -> packet(random, malformed),
                p -> HexFormat.of().formatHex(p), null, p -> {
                    int length = Math.min(p.length, RECEIVE_BUFFER); // a bigger datagram is cut to the buffer
                    ByteBuffer buffer = ByteBuffer.allocateDirect(RECEIVE_BUFFER).put(p, 0, length);
                    int offset = RtpHeader.payloadOffset(buffer, length);
                    int payload = RtpHeader.payloadLength(buffer, length);
                    if (payload == RtpHeader.INVALID) {
                        assertThat(RtpHeader.stripToFixedHeader(buffer, length)).isEqualTo(RtpHeader.INVALID);
                        return;
                    }
                    assertThat(offset).isBetween(RtpHeader.FIXED_LENGTH, length);
                    assertThat(payload).isBetween(0, length - offset);
                    assertThat(RtpHeader.stripToFixedHeader(buffer, length)).isEqualTo(RtpHeader.FIXED_LENGTH + payload);
                    assertThat(RtpHeader.payloadLength(buffer, RtpHeader.FIXED_LENGTH + payload)).isEqualTo(payload);
                });
        assertThat(s.inputs()).as("packets tried").isGreaterThan(10_000);
    }

    private static byte[] packet(Random random, List<byte[]> malformed) {
        byte[] p = switch (random.nextInt(3)) {
            case 0 -> { // anything
                byte[] b = new byte[random.nextInt(random.nextInt(10) == 0 ? 3_000 : 200)];
                random.nextBytes(b);
                yield b;
            }
            case 1 -> { // version 2 with random P, X, CC, extension length and padding count
                byte[] b = new byte[12 + random.nextInt(200)];
                random.nextBytes(b);
                b[0] = (byte) (0x80 | random.nextInt(16) | (random.nextBoolean() ? 0x20 : 0) | (random.nextBoolean() ? 0x10 : 0));
                yield b;
            }
            default -> malformed.get(random.nextInt(malformed.size())).clone();
        };
        for (int flips = random.nextInt(3); flips > 0 && p.length > 0; flips--) {
            p[random.nextInt(p.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return p;
    }
}
