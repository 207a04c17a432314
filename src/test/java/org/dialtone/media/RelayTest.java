package org.dialtone.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.dialtone.media.codec.G711Codec;
import org.dialtone.media.codec.G711Transcoder;
import org.dialtone.testing.MalformedRtp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RelayTest extends MediaEngineFixture {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int SSRC_A = 0xA1A1A1A1;
    private static final int SSRC_B = 0xB2B2B2B2;

    private TestPhone phoneA;
    private TestPhone phoneB;
    private RtpEndpoint a;
    private RtpEndpoint b;

    @BeforeEach
    void phones() throws PortsExhaustedException {
        phoneA = new TestPhone(SSRC_A);
        phoneB = new TestPhone(SSRC_B);
        a = allocateForLoopbackPhone();
        b = allocateForLoopbackPhone();
    }

    @AfterEach
    void hangUp() {
        phoneA.close();
        phoneB.close();
    }

    @Test
    void relaysPcmuToPcmaWithTranscodedPayloadAndRewrittenHeaders() {
        a.configure(phoneA.address(), 0, -1);
        b.configure(phoneB.address(), 8, -1);
        a.bridgeWith(b);

        short[] tone = Goertzel.sine(1000, 8000, 25 * 160, 0);
        phoneA.sendAudio(a, G711Codec.PCMU, tone);

        await().atMost(TIMEOUT).until(() -> phoneB.received().size() == 25);
        List<TestPhone.Packet> packets = phoneB.received();
        assertThat(packets).allSatisfy(p -> {
            assertThat(p.payloadType()).isEqualTo(8);
            assertThat(p.ssrc()).isEqualTo(b.outboundSsrc()).isNotEqualTo(SSRC_A);
            assertThat(p.payload()).hasSize(160);
        });
        assertThat(packets.get(0).marker()).isTrue();
        for (int i = 1; i < packets.size(); i++) {
            assertThat(packets.get(i).sequence()).isEqualTo((packets.get(i - 1).sequence() + 1) & 0xFFFF);
            assertThat(packets.get(i).timestamp() - packets.get(i - 1).timestamp()).isEqualTo(160);
            assertThat(packets.get(i).marker()).isFalse();
        }
        // payload bytes are exactly the μ-law input run through the PCMU→PCMA table
        byte[] first = packets.get(0).payload();
        for (int i = 0; i < 160; i++) {
            assertThat(first[i]).isEqualTo(G711Transcoder.muLawToALaw(G711Codec.PCMU.encode(tone[i])));
        }
        short[] heard = phoneB.decodedAudio(G711Codec.PCMA, 0);
        assertThat(Goertzel.amplitude(heard, 1000)).isCloseTo(8000, within(800.0));
        assertThat(Goertzel.amplitude(heard, 600)).isLessThan(400);
        assertThat(Goertzel.amplitude(heard, 1500)).isLessThan(400);

        // and the other way: phone B speaks A-law 440 Hz, phone A hears μ-law with a's SSRC
        phoneB.sendAudio(b, G711Codec.PCMA, Goertzel.sine(440, 6000, 25 * 160, 0));
        await().atMost(TIMEOUT).until(() -> phoneA.received().size() == 25);
        assertThat(phoneA.received()).allSatisfy(p -> {
            assertThat(p.payloadType()).isZero();
            assertThat(p.ssrc()).isEqualTo(a.outboundSsrc()).isNotEqualTo(SSRC_B);
        });
        short[] heardByA = phoneA.decodedAudio(G711Codec.PCMU, 0);
        assertThat(Goertzel.amplitude(heardByA, 440)).isCloseTo(6000, within(600.0));
        assertThat(Goertzel.amplitude(heardByA, 1000)).isLessThan(300);

        assertThat(counter("dialtone.rtp.packets.relayed")).isEqualTo(50);
        assertThat(counter("dialtone.rtp.packets.dropped")).isZero();
        assertThat(counter("dialtone.rtp.packets.lost")).isZero();
    }

    @Test
    void sameCodecPassesPayloadBytesUnchanged() {
        a.configure(phoneA.address(), 8, -1);
        b.configure(phoneB.address(), 8, -1);
        a.bridgeWith(b);
        byte[] payload = new byte[160];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 7);
        }
        phoneA.sendRtp(a, 8, false, payload);
        await().atMost(TIMEOUT).until(() -> phoneB.received().size() == 1);
        assertThat(phoneB.received().get(0).payload()).isEqualTo(payload);
    }

    @Test
    void mapsTelephoneEventPayloadTypeBothWaysAndDropsItForALegWithout() throws PortsExhaustedException {
        a.configure(phoneA.address(), 0, 101);
        b.configure(phoneB.address(), 8, 96);
        a.bridgeWith(b);
        byte[] digit5End = {0x05, (byte) 0x8a, 0x03, 0x20};

        phoneA.sendRtp(a, 101, true, digit5End);
        await().atMost(TIMEOUT).until(() -> phoneB.received().size() == 1);
        assertThat(phoneB.received().get(0).payloadType()).isEqualTo(96);
        assertThat(phoneB.received().get(0).payload()).containsExactly(digit5End);

        byte[] digit9 = {0x09, 0x0a, 0x00, (byte) 0xa0};
        phoneB.sendRtp(b, 96, true, digit9);
        await().atMost(TIMEOUT).until(() -> phoneA.received().size() == 1);
        assertThat(phoneA.received().get(0).payloadType()).isEqualTo(101);
        assertThat(phoneA.received().get(0).payload()).containsExactly(digit9);

        try (TestPhone phoneC = new TestPhone(0xC3)) {
            RtpEndpoint c = allocateForLoopbackPhone();
            c.configure(phoneC.address(), 0, -1);
            a.bridgeWith(c);
            phoneA.sendRtp(a, 101, true, digit5End);
            phoneA.sendAudio(a, G711Codec.PCMU, new short[160]);
            await().atMost(TIMEOUT).until(() -> phoneC.received().size() == 1);
            assertThat(phoneC.received().get(0).payloadType()).isZero(); // the event was dropped, the audio came
            assertThat(phoneC.received().get(0).payload()).hasSize(160);
        }
    }

    @Test
    void latchesToTheSignallingIpOnAnotherPortThenRejectsEveryOtherSource() {
        try (TestPhone sdpAddress = new TestPhone(0x5D); TestPhone intruder = new TestPhone(0x66)) {
            a.configure(sdpAddress.address(), 0, -1); // the phone is behind NAT: it really sends from phoneA
            b.configure(phoneB.address(), 0, -1);
            a.bridgeWith(b);
            long allocatedAt = a.lastReceivedNanos();

            phoneA.sendAudio(a, G711Codec.PCMU, new short[160]);
            await().atMost(TIMEOUT).until(() -> phoneB.received().size() == 1);
            assertThat(a.latchedAddress()).isEqualTo(phoneA.address());
            assertThat(a.lastReceivedNanos()).isGreaterThan(allocatedAt);

            // audio toward a goes to the latched address, not the SDP address
            phoneB.sendAudio(b, G711Codec.PCMU, Goertzel.sine(800, 5000, 160, 0));
            await().atMost(TIMEOUT).until(() -> phoneA.received().size() == 1);
            assertThat(sdpAddress.received()).isEmpty();

            // another port of the signalling IP (another phone behind the same NAT) cannot take over once latched
            intruder.sendAudio(a, G711Codec.PCMU, Goertzel.sine(300, 9000, 160, 0));
            phoneA.sendAudio(a, G711Codec.PCMU, new short[160]); // processed after the intruder's packet
            await().atMost(TIMEOUT).until(() -> phoneB.received().size() == 2);
            assertThat(phoneB.received().get(1).payload()).containsOnly(G711Codec.PCMU.encode((short) 0));
            assertThat(a.latchedAddress()).isEqualTo(phoneA.address());
            assertThat(counter("dialtone.rtp.packets.rejected")).isEqualTo(1);
            assertThat(counter("dialtone.rtp.packets.dropped")).isZero();
            assertThat(counter("dialtone.rtp.packets.relayed")).isEqualTo(3);
        }
    }

    @Test
    void dropsAndCountsGarbageWithoutStoppingTheReceiveLoop() {
        a.configure(phoneA.address(), 0, -1);
        b.configure(phoneB.address(), 0, -1);
        a.bridgeWith(b);
        phoneA.sendRaw(a, new byte[] {(byte) 0x80, 0, 1}); // too short
        phoneA.sendRaw(a, new byte[] {0x40, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0}); // version 1
        phoneA.sendRaw(a, new byte[] {(byte) 0x8f, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0}); // 15 CSRCs claimed
        phoneA.sendRtp(a, 34, false, new byte[20]); // H.263 is not something this leg negotiated
        phoneA.sendAudio(a, G711Codec.PCMU, Goertzel.sine(1000, 4000, 160, 0));
        await().atMost(TIMEOUT).until(() -> phoneB.received().size() == 1);
        assertThat(counter("dialtone.rtp.packets.dropped")).isEqualTo(4);
        assertThat(phoneB.received().get(0).payloadType()).isZero();
    }

    @Test
    void everyMalformedPacketFromTheLatchedPhoneIsDroppedAndItsAudioFlowsOn() {
        a.configure(phoneA.address(), 0, -1);
        b.configure(phoneB.address(), 0, -1);
        a.bridgeWith(b);
        phoneA.sendAudio(a, G711Codec.PCMU, Goertzel.sine(1000, 4000, 160, 0)); // latches
        await().atMost(TIMEOUT).until(() -> phoneB.received().size() == 1);
        List<byte[]> malformed = MalformedRtp.packets();
        for (byte[] p : malformed) phoneA.sendRaw(a, p);
        phoneA.sendAudio(a, G711Codec.PCMU, Goertzel.sine(1000, 4000, 160, 0));
        await().atMost(TIMEOUT).until(() -> phoneB.received().size() == 2);
        assertThat(counter("dialtone.rtp.packets.dropped")).isEqualTo(malformed.size());
        assertThat(counter("dialtone.rtp.packets.relayed")).isEqualTo(2);
        assertThat(a.latchedAddress()).isEqualTo(phoneA.address());
    }

    @Test
    void countsSequenceGapsAsLost() {
        a.configure(phoneA.address(), 0, -1);
        phoneA.sendRtp(a, 0, false, new byte[160]);
        phoneA.skipSequence(3);
        phoneA.sendRtp(a, 0, false, new byte[160]);
        await().atMost(TIMEOUT).until(() -> counter("dialtone.rtp.packets.lost") == 3);
    }

    @Test
    void rebridgingLeavesThePreviousPeerSilentAndReleaseUnbridges() throws PortsExhaustedException {
        a.configure(phoneA.address(), 0, -1);
        b.configure(phoneB.address(), 0, -1);
        a.bridgeWith(b);
        phoneA.sendAudio(a, G711Codec.PCMU, new short[160]);
        await().atMost(TIMEOUT).until(() -> phoneB.received().size() == 1);

        try (TestPhone phoneC = new TestPhone(0xC3)) {
            RtpEndpoint c = allocateForLoopbackPhone();
            c.configure(phoneC.address(), 8, -1);
            a.bridgeWith(c);

            phoneB.sendAudio(b, G711Codec.PCMU, new short[160]); // b is bridged to nobody now
            phoneA.sendAudio(a, G711Codec.PCMU, Goertzel.sine(1000, 8000, 160, 0));
            phoneC.sendAudio(c, G711Codec.PCMA, Goertzel.sine(500, 8000, 160, 0));
            await().atMost(TIMEOUT).until(() -> phoneC.received().size() == 1 && phoneA.received().size() == 1);
            assertThat(phoneB.received()).hasSize(1);
            assertThat(phoneC.received().get(0).payloadType()).isEqualTo(8);
            assertThat(phoneC.received().get(0).marker()).isTrue(); // new source for c's stream
            assertThat(Goertzel.amplitude(phoneA.decodedAudio(G711Codec.PCMU, 0), 500)).isGreaterThan(6000);

            a.release();
            a.release(); // idempotent
            assertThat(engine.activeEndpoints()).isEqualTo(2);
            long before = c.lastReceivedNanos();
            phoneC.sendAudio(c, G711Codec.PCMA, new short[160]);
            await().atMost(TIMEOUT).until(() -> c.lastReceivedNanos() > before);
            // c's audio after a's release goes nowhere
            await().during(Duration.ofMillis(200)).atMost(TIMEOUT).until(() -> phoneA.received().size() == 1);
            assertThat(counter("dialtone.rtp.packets.relayed")).isEqualTo(3);
        }
    }

    @Test
    void reconfigureSwitchesCodecAndANewSdpAddressRelatches() {
        a.configure(phoneA.address(), 0, -1);
        b.configure(phoneB.address(), 0, -1);
        a.bridgeWith(b);
        b.setHeld(true); // phone B put us on hold: what it still sends is relayed
        assertThat(b.isHeld()).isTrue();
        phoneB.sendAudio(b, G711Codec.PCMU, new short[160]);
        await().atMost(TIMEOUT).until(() -> phoneA.received().size() == 1);
        assertThat(b.latchedAddress()).isEqualTo(phoneB.address());

        try (TestPhone movedB = new TestPhone(0xB3)) {
            b.configure(movedB.address(), 8, -1); // re-INVITE: new address, A-law
            assertThat(b.latchedAddress()).isNull();
            phoneA.sendAudio(a, G711Codec.PCMU, Goertzel.sine(1000, 8000, 2 * 160, 0));
            await().atMost(TIMEOUT).until(() -> movedB.received().size() == 2);
            assertThat(movedB.received()).allSatisfy(p -> assertThat(p.payloadType()).isEqualTo(8));
            assertThat(Goertzel.amplitude(movedB.decodedAudio(G711Codec.PCMA, 0), 1000)).isCloseTo(8000, within(800.0));
            assertThat(phoneB.received()).isEmpty();

            movedB.sendAudio(b, G711Codec.PCMA, new short[160]);
            await().atMost(TIMEOUT).until(() -> phoneA.received().size() == 2);
            assertThat(b.latchedAddress()).isEqualTo(movedB.address());
        }
    }
}
