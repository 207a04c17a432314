package org.dialtone.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.dialtone.core.media.Prompt;
import org.dialtone.core.trunk.Cidr;
import org.dialtone.media.codec.G711Codec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Strict RTP on real sockets: an endpoint latches only to a source its leg proved it owns (the SDP address, or the
 * signalling IP on any port), rejects and counts everyone else before and after latching, and sends nothing to an SDP
 * address it has not proven. Strangers live on other loopback addresses (127.0.0.5, ...).
 */
class StrictRtpTest extends MediaEngineFixture {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Duration QUIET = Duration.ofMillis(300);
    private static final String STRANGER_IP = "127.0.0.5";

    private TestPhone phoneB;
    private RtpEndpoint b;

    @BeforeEach
    void peer() throws PortsExhaustedException {
        phoneB = new TestPhone(0xB0);
        b = allocateForLoopbackPhone();
        b.configure(phoneB.address(), 0, -1);
    }

    @AfterEach
    void closePeer() {
        phoneB.close();
    }

    @Test
    void aPacketFromTheSdpAddressLatchesEvenWithoutASignallingSource() throws PortsExhaustedException {
        try (TestPhone phone = new TestPhone(0xA0, "127.0.0.7")) {
            RtpEndpoint a = engine.allocate(); // nothing known about its signalling
            a.configure(phone.address(), 0, -1);
            a.bridgeWith(b);

            phone.sendAudio(a, G711Codec.PCMU, new short[160]);
            await().atMost(TIMEOUT).until(() -> phoneB.received().size() == 1);
            assertThat(a.latchedAddress()).isEqualTo(phone.address());
            phoneB.sendAudio(b, G711Codec.PCMU, new short[160]);
            await().atMost(TIMEOUT).until(() -> phone.received().size() == 1);
            assertThat(counter("dialtone.rtp.packets.rejected")).isZero();
        }
    }

    @Test
    void aPacketFromTheSignallingIpOnAnotherPortLatchesAndGetsTheAudio() throws Exception {
        try (TestPhone natPhone = new TestPhone(0xA0, "127.0.0.8")) {
            RtpEndpoint a = engine.allocate();
            a.trustSignallingSource(InetAddress.getByName("127.0.0.8"));
            a.configure(new InetSocketAddress("127.0.0.9", 9), 0, -1); // the phone's private address, unreachable
            a.bridgeWith(b);

            natPhone.sendAudio(a, G711Codec.PCMU, new short[160]);
            await().atMost(TIMEOUT).until(() -> phoneB.received().size() == 1);
            assertThat(a.latchedAddress()).isEqualTo(natPhone.address());
            phoneB.sendAudio(b, G711Codec.PCMU, new short[160]);
            await().atMost(TIMEOUT).until(() -> natPhone.received().size() == 1);
        }
    }

    @Test
    void aStrangerIsRejectedAndCountedNeverHearsTheCallAndNeverKeepsItAlive() throws PortsExhaustedException {
        try (TestPhone phoneA = new TestPhone(0xA0); TestPhone stranger = new TestPhone(0x66, STRANGER_IP)) {
            RtpEndpoint a = allocateForLoopbackPhone();
            a.configure(phoneA.address(), 0, -1);
            a.bridgeWith(b);
            long allocatedAt = a.lastReceivedNanos();

            stranger.sendAudio(a, G711Codec.PCMU, new short[20 * 160]); // 20 packets of 172 bytes
            await().atMost(TIMEOUT).until(() -> counter("dialtone.rtp.packets.rejected") == 20);
            assertThat(a.latchedAddress()).isNull();
            assertThat(a.lastReceivedNanos()).as("the media timeout still runs").isEqualTo(allocatedAt);
            assertThat(counter("dialtone.rtp.packets.relayed")).isZero();

            phoneB.sendAudio(b, G711Codec.PCMU, Goertzel.sine(1000, 8000, 5 * 160, 0));
            await().atMost(TIMEOUT).until(() -> phoneA.received().size() == 5); // the SDP address is the signalling IP
            await().during(QUIET).atMost(TIMEOUT).until(() -> stranger.received().isEmpty());
            assertThat(phoneB.received()).isEmpty();

            phoneA.sendAudio(a, G711Codec.PCMU, new short[160]);
            await().atMost(TIMEOUT).until(() -> phoneB.received().size() == 1);
            assertThat(a.latchedAddress()).isEqualTo(phoneA.address());
            assertThat(a.lastReceivedNanos()).isGreaterThan(allocatedAt);
        }
    }

    @Test
    void onceLatchedAStrangerIsIgnoredAndOnlyANewSdpAddressReopensTheLatch() throws PortsExhaustedException {
        try (TestPhone phoneA = new TestPhone(0xA0); TestPhone stranger = new TestPhone(0x66, STRANGER_IP);
             TestPhone movedA = new TestPhone(0xA1)) {
            RtpEndpoint a = allocateForLoopbackPhone();
            a.configure(phoneA.address(), 0, -1);
            a.bridgeWith(b);
            phoneA.sendAudio(a, G711Codec.PCMU, new short[160]);
            await().atMost(TIMEOUT).until(() -> phoneB.received().size() == 1);
            long latchedAt = a.lastReceivedNanos();

            stranger.sendAudio(a, G711Codec.PCMU, Goertzel.sine(300, 9000, 3 * 160, 0));
            await().atMost(TIMEOUT).until(() -> counter("dialtone.rtp.packets.rejected") == 3);
            assertThat(a.latchedAddress()).isEqualTo(phoneA.address());
            assertThat(a.lastReceivedNanos()).isEqualTo(latchedAt);
            phoneB.sendAudio(b, G711Codec.PCMU, new short[2 * 160]);
            await().atMost(TIMEOUT).until(() -> phoneA.received().size() == 2);
            assertThat(stranger.received()).isEmpty();
            assertThat(phoneB.received()).hasSize(1);

            a.setHeld(true);
            a.configure(phoneA.address(), 0, -1); // a hold re-INVITE with the same address keeps the latch
            assertThat(a.latchedAddress()).isEqualTo(phoneA.address());

            a.configure(movedA.address(), 0, -1); // a re-INVITE moves the phone's RTP to another port
            assertThat(a.latchedAddress()).isNull();
            stranger.sendAudio(a, G711Codec.PCMU, new short[160]);
            await().atMost(TIMEOUT).until(() -> counter("dialtone.rtp.packets.rejected") == 4);
            assertThat(a.latchedAddress()).isNull();
            movedA.sendAudio(a, G711Codec.PCMU, new short[160]);
            await().atMost(TIMEOUT).until(() -> a.latchedAddress() != null);
            assertThat(a.latchedAddress()).isEqualTo(movedA.address());
        }
    }

    @Test
    void nothingIsSentToAnSdpAddressTheLegHasNotProvenUntilItsOwnerSendsFromIt() throws PortsExhaustedException {
        try (TestPhone victim = new TestPhone(0x77, "127.0.0.6")) {
            RtpEndpoint a = allocateForLoopbackPhone(); // signalling from 127.0.0.1, SDP aims at 127.0.0.6
            a.configure(victim.address(), 0, -1);
            a.bridgeWith(b);

            phoneB.sendAudio(b, G711Codec.PCMU, new short[5 * 160]);
            await().atMost(TIMEOUT).until(() -> b.latchedAddress() != null);
            a.play(Prompt.RINGBACK);
            await().during(QUIET).atMost(TIMEOUT).until(() -> victim.received().isEmpty());

            victim.sendAudio(a, G711Codec.PCMU, new short[160]); // from exactly the SDP address: it is the phone
            await().atMost(TIMEOUT).until(() -> victim.received().size() >= 3); // the ringback now reaches it
            assertThat(a.latchedAddress()).isEqualTo(victim.address());
        }
    }

    @Test
    void aTrustedNetworkIsSentToAtOnceAndAnyOfItsAddressesMayLatch() throws Exception {
        int first = FreePortRange.find(4);
        try (MediaEngine trusting = new MediaEngine(new MediaSettings("127.0.0.1", first, first + 3,
                List.of(Cidr.parse("127.0.0.6/31"))), new SimpleMeterRegistry());
             TestPhone gatewayIn = new TestPhone(0x61, "127.0.0.6"); TestPhone outsider = new TestPhone(0x62, "127.0.0.8");
             TestPhone gatewayOut = new TestPhone(0x63, "127.0.0.7")) {
            RtpEndpoint a = trusting.allocate();
            a.trustSignallingSource(InetAddress.getByName("127.0.0.1")); // the carrier's signalling is elsewhere
            a.configure(gatewayIn.address(), 0, -1);
            a.play(Prompt.RINGBACK);
            await().atMost(TIMEOUT).until(() -> gatewayIn.received().size() >= 3);

            outsider.sendAudio(a, G711Codec.PCMU, new short[160]); // not in the trusted network
            await().during(QUIET).atMost(TIMEOUT).until(() -> a.latchedAddress() == null);
            gatewayOut.sendAudio(a, G711Codec.PCMU, new short[160]); // another gateway of the SDP address's network
            await().atMost(TIMEOUT).until(() -> a.latchedAddress() != null);
            assertThat(a.latchedAddress()).isEqualTo(gatewayOut.address());
        }
    }

    @Test
    void rulesWithoutSockets() throws Exception {
        InetAddress signalling = InetAddress.getByName("198.51.100.7");
        InetSocketAddress sdp = new InetSocketAddress("203.0.113.20", 40000);
        StrictRtp strict = new StrictRtp(List.of(Cidr.parse("203.0.113.0/24")));
        StrictRtp plain = new StrictRtp(List.of());

        assertThat(plain.mayLatch(sdp, sdp, null)).as("the SDP address itself").isTrue();
        assertThat(plain.mayLatch(new InetSocketAddress("198.51.100.7", 1234), sdp, signalling)).isTrue();
        assertThat(plain.mayLatch(new InetSocketAddress("203.0.113.20", 40002), sdp, signalling))
                .as("another port of an untrusted SDP IP").isFalse();
        assertThat(strict.mayLatch(new InetSocketAddress("203.0.113.20", 40002), sdp, signalling)).isTrue();
        assertThat(strict.mayLatch(new InetSocketAddress("203.0.113.21", 40000), sdp, signalling))
                .as("another host of the SDP address's trusted network").isTrue();
        assertThat(strict.mayLatch(new InetSocketAddress("192.0.2.9", 40000), sdp, signalling))
                .as("a host outside the trusted network").isFalse();
        InetSocketAddress untrustedSdp = new InetSocketAddress("192.0.2.20", 40000);
        assertThat(strict.mayLatch(new InetSocketAddress("203.0.113.21", 40000), untrustedSdp, signalling))
                .as("a trusted host, for a leg whose SDP address is elsewhere").isFalse();
        assertThat(plain.mayLatch(new InetSocketAddress("192.0.2.1", 40000), null, null)).isFalse();
        // an IPv4-mapped IPv6 source (dual-stack socket) is the same host as the signalling IPv4 address
        InetAddress mapped = InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, (byte) 198, 51, 100, 7});
        assertThat(StrictRtp.sameIp(mapped, signalling)).isTrue();

        assertThat(plain.destinationBeforeLatch(sdp, signalling)).as("SDP IP is not the signalling IP").isNull();
        assertThat(strict.destinationBeforeLatch(sdp, signalling)).isEqualTo(sdp);
        InetSocketAddress sameHost = new InetSocketAddress("198.51.100.7", 40000);
        assertThat(plain.destinationBeforeLatch(sameHost, signalling)).isEqualTo(sameHost);
        StrictRtp everything = new StrictRtp(List.of(Cidr.parse("0.0.0.0/0")));
        assertThat(everything.destinationBeforeLatch(new InetSocketAddress("0.0.0.0", 40000), signalling))
                .as("c=0.0.0.0 is hold, not an address").isNull();
        assertThat(plain.destinationBeforeLatch(null, signalling)).isNull();
    }
}
