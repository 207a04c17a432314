package org.dialtone.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.dialtone.core.media.Prompt;
import org.dialtone.media.codec.G711Codec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PromptPlaybackTest extends MediaEngineFixture {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private TestPhone phone;
    private RtpEndpoint leg;

    @BeforeEach
    void phone() throws PortsExhaustedException {
        phone = new TestPhone(0x1234);
        leg = allocateForLoopbackPhone();
    }

    @AfterEach
    void hangUp() {
        phone.close();
    }

    @Test
    void ringbackIsPaced20MsFramesOf440And480Hz() {
        leg.configure(phone.address(), 8, -1);
        leg.play(Prompt.RINGBACK);

        await().atMost(TIMEOUT).until(() -> phone.received().size() >= 51);
        List<TestPhone.Packet> packets = phone.received().subList(0, 51);
        assertThat(packets.get(0).marker()).isTrue();
        for (int i = 1; i < packets.size(); i++) {
            TestPhone.Packet p = packets.get(i);
            assertThat(p.payloadType()).isEqualTo(8);
            assertThat(p.payload()).hasSize(160);
            assertThat(p.ssrc()).isEqualTo(leg.outboundSsrc());
            assertThat(p.sequence()).isEqualTo((packets.get(i - 1).sequence() + 1) & 0xFFFF);
            assertThat(p.timestamp() - packets.get(i - 1).timestamp()).isEqualTo(160);
            assertThat(p.marker()).isFalse();
        }
        double spanMillis = (packets.get(50).arrivalNanos() - packets.get(0).arrivalNanos()) / 1e6;
        assertThat(spanMillis).as("50 frames of 20 ms").isCloseTo(1000, within(250.0));

        short[] heard = phone.decodedAudio(G711Codec.PCMA, 0);
        double level = 0.2 * Short.MAX_VALUE;
        assertThat(Goertzel.amplitude(heard, 440)).isCloseTo(level, within(level * 0.15));
        assertThat(Goertzel.amplitude(heard, 480)).isCloseTo(level, within(level * 0.15));
        assertThat(Goertzel.amplitude(heard, 1000)).isLessThan(level * 0.05);
    }

    @Test
    void ringbackCadenceIsTwoSecondsOnFourOff() {
        short[] cycle = BuiltInPrompts.ringback();
        assertThat(cycle).hasSize(6 * 8000);
        short[] on = java.util.Arrays.copyOfRange(cycle, 0, 2 * 8000);
        short[] off = java.util.Arrays.copyOfRange(cycle, 2 * 8000, 6 * 8000);
        assertThat(Goertzel.amplitude(on, 440)).isGreaterThan(6000);
        assertThat(off).containsOnly((short) 0);
    }

    @Test
    void builtInMusicOnHoldIsAudibleMelodyWithinRange() {
        short[] tune = BuiltInPrompts.musicOnHold();
        assertThat(tune.length).isBetween(3 * 8000, 20 * 8000);
        double sumSquares = 0;
        int peak = 0;
        for (short s : tune) {
            sumSquares += (double) s * s;
            peak = Math.max(peak, Math.abs(s));
        }
        assertThat(Math.sqrt(sumSquares / tune.length)).isGreaterThan(1000);
        assertThat(peak).isLessThan(Short.MAX_VALUE); // never clipped
        // first beat is C5 (523 Hz): the melody is really there
        short[] firstBeat = java.util.Arrays.copyOfRange(tune, 0, 2400);
        assertThat(Goertzel.amplitude(firstBeat, 523.25)).isGreaterThan(3 * Goertzel.amplitude(firstBeat, 700));
    }

    @Test
    void playsCustomMusicOnHoldInTheLegsCodec() {
        engine.setMusicOnHold(MusicOnHold.of(Goertzel.sine(700, 7000, 8000, 0), java.util.Map.of()));
        leg.configure(phone.address(), 0, -1);
        leg.play(Prompt.MUSIC_ON_HOLD);
        await().atMost(TIMEOUT).until(() -> phone.received().size() >= 20);
        assertThat(phone.received()).allSatisfy(p -> assertThat(p.payloadType()).isZero());
        short[] heard = phone.decodedAudio(G711Codec.PCMU, 0);
        assertThat(Goertzel.amplitude(heard, 700)).isCloseTo(7000, within(700.0));
    }

    @Test
    void switchingFromPromptToRelayKeepsTheStreamContinuousAndMarksTheSwitch() throws PortsExhaustedException {
        leg.configure(phone.address(), 0, -1);
        leg.play(Prompt.RINGBACK);
        await().atMost(TIMEOUT).until(() -> phone.received().size() >= 5);

        try (TestPhone caller = new TestPhone(0x99)) {
            RtpEndpoint callerLeg = allocateForLoopbackPhone();
            callerLeg.configure(caller.address(), 0, -1);
            leg.bridgeWith(callerLeg);
            int promptPackets = phone.received().size();
            caller.sendAudio(callerLeg, G711Codec.PCMU, Goertzel.sine(1000, 8000, 3 * 160, 0));
            await().atMost(TIMEOUT).until(() -> phone.received().size() >= promptPackets + 3);

            List<TestPhone.Packet> all = phone.received();
            TestPhone.Packet lastPrompt = all.get(promptPackets - 1);
            TestPhone.Packet firstRelayed = all.get(promptPackets);
            assertThat(firstRelayed.marker()).isTrue();
            assertThat(firstRelayed.ssrc()).isEqualTo(lastPrompt.ssrc());
            assertThat(firstRelayed.sequence()).isEqualTo((lastPrompt.sequence() + 1) & 0xFFFF);
            assertThat(firstRelayed.timestamp() - lastPrompt.timestamp()).isBetween(160, 8000);
            assertThat(Goertzel.amplitude(phone.decodedAudio(G711Codec.PCMU, promptPackets), 1000))
                    .isCloseTo(8000, within(800.0));
        }
    }

    @Test
    void silenceStopsPlayback() {
        leg.configure(phone.address(), 0, -1);
        leg.play(Prompt.MUSIC_ON_HOLD);
        await().atMost(TIMEOUT).until(() -> phone.received().size() >= 3);
        leg.silence();
        AtomicInteger lastCount = new AtomicInteger(-1);
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> lastCount.getAndSet(phone.received().size()) == phone.received().size());
        int settled = phone.received().size();
        await().during(Duration.ofMillis(300)).atMost(TIMEOUT).until(() -> phone.received().size() == settled);
        assertThat(engine.pacingClock().activePlaybacks()).isZero();
    }
}
