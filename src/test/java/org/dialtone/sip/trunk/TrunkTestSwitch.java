package org.dialtone.sip.trunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.dialtone.core.customer.ApiToken;
import org.dialtone.core.customer.Customer;
import org.dialtone.core.customer.CustomerRepository;
import org.dialtone.core.customer.Directory;
import org.dialtone.core.customer.Extension;
import org.dialtone.core.location.Registration;
import org.dialtone.core.location.RegistrationRepository;
import org.dialtone.core.signalling.RingResult;
import org.dialtone.core.signalling.SignallingPort.CallerId;
import org.dialtone.core.signalling.SignallingPort.OutsideCall;
import org.dialtone.core.trunk.Trunk;
import org.dialtone.media.MediaEngine;
import org.dialtone.media.MediaSettings;
import org.dialtone.sip.SipServer;
import org.dialtone.sip.SipSettings;
import org.dialtone.sip.TestSipServers;
import org.dialtone.testing.FreePorts;

/**
 * A real {@link SipServer} and {@link MediaEngine} on 127.0.0.1 (free ports) with the given trunks, a {@link FakeCore}
 * instead of the call service, and no devices. The caller id of outside calls is {@code "Alice" +12025550100},
 * country code 1.
 */
final class TrunkTestSwitch implements AutoCloseable {
    static final CallerId ALICE = new CallerId("+12025550100", "Alice");

    final FakeCore core = new FakeCore();
    final Trunks trunks;
    final MediaEngine media;
    final SipServer sip;
    private final TestSipServers.Running running;
    final int sipPort;
    private final FreePorts.PortRange rtp;

    TrunkTestSwitch(Trunk... trunks) throws Exception { this(100, trunks); }

    /** @param rtpPorts how many RTP ports the media engine has (2 per endpoint) */
    TrunkTestSwitch(int rtpPorts, Trunk... trunks) throws Exception {
        this.trunks = new Trunks(List.of(trunks));
        rtp = FreePorts.rtpBlock();
        media = new MediaEngine(new MediaSettings("127.0.0.1", rtp.first(), rtp.first() + rtpPorts - 1),
                new SimpleMeterRegistry());
        sipPort = FreePorts.udpAndTcp();
        TestSipServers.Running server;
        try {
            server = TestSipServers.start(new SipSettings("127.0.0.1", "127.0.0.1", sipPort, sipPort, "dialtone.test", 60,
                    3600, 600, Duration.ofMinutes(5), 10, false), new Directory(new NoCustomers()),
                    new NoRegistrations(), media, core, this.trunks, core::signalling);
        } catch (Exception | Error e) {
            media.close();
            FreePorts.releaseRtpBlock(rtp);
            throw e;
        }
        running = server;
        sip = server.server();
    }

    TrunkState trunk(String name) { return trunks.byName(name).orElseThrow(); }

    /** Calls {@code e164} from Alice through {@code trunkNames}, in that order. */
    RingResult dialOut(String e164, RecordingListener listener, String... trunkNames) {
        return core.port.dialOut(new OutsideCall("1000001", e164, Arrays.asList(trunkNames), ALICE, "1"), listener);
    }

    /** Waits until no dialog, RTP endpoint or trunk channel is left. */
    void awaitNoLeak() {
        await("no dialog, RTP endpoint or trunk channel left").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                    assertThat(sip.openDialogs()).as("open dialogs").isZero();
                    assertThat(media.activeEndpoints()).as("RTP endpoints").isZero();
                    for (TrunkState t : trunks.all()) {
                        assertThat(t.activeChannels()).as("channels of trunk " + t.name()).isZero();
                    }
                });
    }

    @Override
    public void close() {
        try {
            running.close();
        } finally {
            media.close();
            FreePorts.releaseRtpBlock(rtp);
        }
    }

    private static final class NoCustomers implements CustomerRepository {
        @Override public void upsertCustomer(Customer customer) { }
        @Override public Optional<Customer> findCustomer(String code) { return Optional.empty(); }
        @Override public List<Customer> customers() { return List.of(); }
        @Override public void upsertExtension(Extension extension) { }
        @Override public Optional<Extension> findExtension(String customerCode, String number) { return Optional.empty(); }
        @Override public Optional<Extension> findExtensionBySipUsername(String sipUsername) { return Optional.empty(); }
        @Override public List<Extension> extensions(String customerCode) { return List.of(); }
        @Override public void upsertToken(ApiToken token) { }
        @Override public Optional<ApiToken> findTokenByHash(String tokenSha256) { return Optional.empty(); }
        @Override public List<String> disabledCustomers() { return List.of(); }
        @Override public Removal removeCustomer(String code) { return Removal.ABSENT; }
        @Override public void deleteExtension(String customerCode, String number) { }
        @Override public List<ApiToken> tokens(String customerCode) { return List.of(); }
        @Override public void deleteToken(String tokenSha256) { }
    }

    private static final class NoRegistrations implements RegistrationRepository {
        @Override public void save(Registration registration) { }
        @Override public void delete(String sipUsername, String contactUri) { }
        @Override public List<Registration> all() { return List.of(); }
        @Override public int deleteExpired(Instant now) { return 0; }
        @Override public int deleteAllExcept(java.util.Set<String> sipUsernames) { return 0; }
    }
}
