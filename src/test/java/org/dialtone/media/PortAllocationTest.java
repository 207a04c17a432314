package org.dialtone.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.BindException;
import java.time.Duration;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PortAllocationTest {

    private static MediaEngine engine(SimpleMeterRegistry registry, int first, int last) {
        return new MediaEngine(new MediaSettings("127.0.0.1", first, last), registry);
    }

    @Test
    void allocatesEvenRtpAndOddRtcpPortsUntilTheRangeIsExhausted() throws Exception {
        int first = FreePortRange.find(4);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (MediaEngine engine = engine(registry, first, first + 3)) {
            RtpEndpoint one = engine.allocate();
            RtpEndpoint two = engine.allocate();
            assertThat(List.of(one.localPort(), two.localPort())).containsExactlyInAnyOrder(first, first + 2);
            assertThat(one.localAddress()).isEqualTo("127.0.0.1");
            assertThat(engine.activeEndpoints()).isEqualTo(2);
            assertThat(registry.get("dialtone.rtp.endpoints.active").gauge().value()).isEqualTo(2);
            assertThatThrownBy(() -> bind(one.localPort() + 1)).isInstanceOf(BindException.class); // RTCP is bound

            assertThatThrownBy(engine::allocate).isInstanceOf(PortsExhaustedException.class)
                    .hasMessageContaining("127.0.0.1:" + first + "-" + (first + 3))
                    .hasMessageContaining("2 pairs, 2 in use");

            int freed = one.localPort();
            one.release();
            assertThat(engine.activeEndpoints()).isEqualTo(1);
            assertThat(one.awaitClosed(Duration.ofSeconds(5))).isTrue();
            bind(freed).close(); // the sockets are really closed
            bind(freed + 1).close();
            await().atMost(Duration.ofSeconds(5)).until(() -> engine.reservedPortPairs() == 1);
            RtpEndpoint three = engine.allocate();
            assertThat(three.localPort()).isEqualTo(freed);
            assertThat(engine.activeEndpoints()).isEqualTo(2);
        }
        assertThat(registry.find("dialtone.rtp.endpoints.active").gauge()).isNull(); // meters removed on close
    }

    @Test
    void skipsPortsAnotherProcessHolds() throws Exception {
        int first = FreePortRange.find(4);
        try (DatagramChannel squatter = bind(first + 1); MediaEngine engine = engine(new SimpleMeterRegistry(), first, first + 3)) {
            assertThat(squatter.isOpen()).isTrue();
            assertThat(engine.allocate().localPort()).isEqualTo(first + 2);
            assertThatThrownBy(engine::allocate).isInstanceOf(PortsExhaustedException.class);
        }
    }

    @Test
    void picksEachPairAtRandomSoTheNextCallsPortCannotBeGuessed() throws Exception {
        int first = FreePortRange.find(40);
        int last = first + 39;
        try (MediaEngine engine = engine(new SimpleMeterRegistry(), first, last)) {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                ports.add(engine.allocate().localPort());
            }
            assertThat(ports).doesNotHaveDuplicates()
                    .allSatisfy(p -> assertThat(p).isEven().isBetween(first, last - 1));
            // handed out in order, 12 of 20 pairs would be ascending and adjacent; at random, 12 ascending picks
            // happen once in 12! (479 million) runs
            assertThat(ports).as("allocation order").isNotEqualTo(ports.stream().sorted().toList());
            long adjacent = 0;
            for (int i = 1; i < ports.size(); i++) {
                if (ports.get(i) == ports.get(i - 1) + 2) {
                    adjacent++;
                }
            }
            assertThat(adjacent).as("next pair after the previous one, in %s", ports).isLessThan(8);
        }
    }

    @Test
    void manyAllocateReleaseCyclesLeakNothing() throws Exception {
        int first = FreePortRange.find(6);
        try (MediaEngine engine = engine(new SimpleMeterRegistry(), first, first + 5)) {
            for (int cycle = 0; cycle < 300; cycle++) {
                RtpEndpoint a = engine.allocate();
                RtpEndpoint b = engine.allocate();
                a.bridgeWith(b);
                a.release();
                b.release();
                await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(5))
                        .until(() -> engine.reservedPortPairs() == 0);
            }
            assertThat(engine.activeEndpoints()).isZero();
            List<RtpEndpoint> all = List.of(engine.allocate(), engine.allocate(), engine.allocate());
            assertThat(all).extracting(RtpEndpoint::localPort).containsExactlyInAnyOrder(first, first + 2, first + 4);
        }
    }

    @Test
    void concurrentAllocationsGetDistinctPorts() throws Exception {
        int first = FreePortRange.find(20);
        try (MediaEngine engine = engine(new SimpleMeterRegistry(), first, first + 19);
             ExecutorService pool = Executors.newFixedThreadPool(8)) {
            Set<Integer> ports = ConcurrentHashMap.newKeySet();
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                results.add(pool.submit(() -> ports.add(engine.allocate().localPort())));
            }
            for (Future<?> result : results) {
                result.get();
            }
            assertThat(ports).hasSize(10).allMatch(p -> p % 2 == 0 && p >= first && p < first + 20);
            assertThatThrownBy(engine::allocate).isInstanceOf(PortsExhaustedException.class);
        }
    }

    @Test
    void closeReleasesEverything() throws Exception {
        int first = FreePortRange.find(4);
        MediaEngine engine = engine(new SimpleMeterRegistry(), first, first + 3);
        RtpEndpoint endpoint = engine.allocate();
        engine.close();
        assertThat(endpoint.isReleased()).isTrue();
        assertThat(engine.activeEndpoints()).isZero();
        bind(first).close();
        assertThatThrownBy(engine::allocate).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsRangesWithoutAPair() {
        assertThatThrownBy(() -> new MediaSettings("127.0.0.1", 10001, 10001))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10001-10001");
        assertThatThrownBy(() -> new MediaSettings("127.0.0.1", 20000, 10000))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static DatagramChannel bind(int port) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.bind(new InetSocketAddress("127.0.0.1", port));
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }
}
