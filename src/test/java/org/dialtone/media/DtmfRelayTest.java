package org.dialtone.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.dialtone.media.codec.G711Codec;
import org.junit.jupiter.api.Test;

/**
 * A digit that arrived out of band (SIP INFO) on one leg reaches the bridged leg as RFC 4733 telephone events in that
 * leg's own payload type and stream: marker on the first packet, one timestamp for the whole event, a growing
 * duration, and the end packet three times.
 */
class DtmfRelayTest extends MediaEngineFixture {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void aDigitFromSipInfoIsSentToThePeerAsTelephoneEvents() throws Exception {
        try (TestPhone phoneA = new TestPhone(0xA0); TestPhone phoneB = new TestPhone(0xB0)) {
            RtpEndpoint a = allocateForLoopbackPhone();
            RtpEndpoint b = allocateForLoopbackPhone();
            a.configure(phoneA.address(), 0, -1);
            b.configure(phoneB.address(), 8, 101);
            a.bridgeWith(b);

            assertThat(a.relayDtmf('5', Duration.ofMillis(200))).isTrue();

            await().atMost(TIMEOUT).until(() -> phoneB.received().stream().filter(p -> end(p)).count() == 3);
            List<TestPhone.Packet> events = phoneB.received().stream().filter(p -> p.payloadType() == 101).toList();
            assertThat(events).hasSizeGreaterThanOrEqualTo(5);
            assertThat(events.getFirst().marker()).isTrue();
            assertThat(events).allSatisfy(p -> {
                assertThat(p.payload()[0]).as("event code").isEqualTo((byte) 5);
                assertThat(p.timestamp()).isEqualTo(events.getFirst().timestamp());
                assertThat(p.ssrc()).isEqualTo(b.outboundSsrc());
            });
            assertThat(duration(events.getLast())).as("200 ms at 8 kHz").isEqualTo(1600);
            for (int i = 1; i < events.size(); i++) {
                assertThat(duration(events.get(i))).isGreaterThanOrEqualTo(duration(events.get(i - 1)));
                assertThat(events.get(i).sequence()).isEqualTo((events.get(i - 1).sequence() + 1) & 0xFFFF);
            }
            assertThat(phoneA.received()).as("nothing goes back to the sender").isEmpty();
        }
    }

    @Test
    void aDigitIsDroppedWhenThePeerHasNoTelephoneEventOrNobodyIsBridged() throws Exception {
        try (TestPhone phoneA = new TestPhone(0xA0); TestPhone phoneB = new TestPhone(0xB0)) {
            RtpEndpoint a = allocateForLoopbackPhone();
            RtpEndpoint b = allocateForLoopbackPhone();
            a.configure(phoneA.address(), 0, 101);
            b.configure(phoneB.address(), 0, -1);
            assertThat(a.relayDtmf('1', Duration.ofMillis(100))).as("not bridged").isFalse();
            a.bridgeWith(b);
            assertThat(a.relayDtmf('1', Duration.ofMillis(100))).as("peer without telephone-event").isFalse();
            assertThat(b.relayDtmf('x', Duration.ofMillis(100))).as("no DTMF digit").isFalse();
            phoneA.sendAudio(a, G711Codec.PCMU, new short[160]); // the bridge itself works
            await().atMost(TIMEOUT).until(() -> phoneB.received().size() == 1);
        }
    }

    private static boolean end(TestPhone.Packet p) { return p.payloadType() == 101 && (p.payload()[1] & 0x80) != 0; }

    private static int duration(TestPhone.Packet p) { return ((p.payload()[2] & 0xFF) << 8) | (p.payload()[3] & 0xFF); }
}
