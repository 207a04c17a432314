package org.dialtone.sip.trunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.dialtone.sip.trunk.TestTrunks.CARRIER;

import ch.qos.logback.classic.Level;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.dialtone.sip.TestSipEndpoint;
import org.dialtone.testing.FreePorts;
import org.dialtone.testing.ManualScheduler;
import org.dialtone.testing.Sipp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OPTIONS keepalive against a carrier played by sipp on 127.0.0.2, with time driven by the test: one
 * {@code advance(interval)} is one keepalive period.
 */
class TrunkKeepaliveIT {
    private static final Duration T = Duration.ofSeconds(10);
    private static final Duration INTERVAL = Duration.ofSeconds(30);

    private TestSipEndpoint sip;
    private LogCapture logs;
    private final ManualScheduler timers = new ManualScheduler();

    @BeforeEach
    void open() throws Exception {
        sip = new TestSipEndpoint();
        logs = new LogCapture("org.dialtone.sip.trunk");
    }

    @AfterEach
    void close() {
        logs.close();
        sip.close();
    }

    @Test
    void goesDownAfterTwoUnansweredProbesAndUpAtTheFirstAnswerWhateverItsStatus() throws Exception {
        int port = portFreeOnTheCarrier();
        Trunks trunks = new Trunks(List.of(TestTrunks.keptAlive("carrier1", port, INTERVAL)));
        TrunkState state = trunks.byName("carrier1").orElseThrow();
        try (TrunkClients clients = new TrunkClients(trunks, sip.client(), timers)) {
            TrunkKeepalive keepalive = clients.keepalive("carrier1").orElseThrow();
            clients.start();
            timers.runDue(); // the first OPTIONS goes out right at start, to nobody
            assertThat(state.isUp()).as("a trunk starts up").isTrue();

            timers.advance(INTERVAL);
            assertThat(keepalive.misses()).isEqualTo(1);
            assertThat(state.isUp()).as("one miss is not enough").isTrue();
            timers.advance(INTERVAL);
            assertThat(keepalive.misses()).isEqualTo(2);
            assertThat(state.isUp()).as("after two misses in a row").isFalse();
            timers.advance(INTERVAL);
            assertThat(state.isUp()).isFalse();

            try (Sipp carrier = Sipp.scenario("trunk-options-200.xml").localAddress(CARRIER).sipPort(port).calls(0)
                    .timeout(Duration.ofSeconds(60)).start()) {
                timers.advance(INTERVAL);
                await("up again").atMost(T).until(state::isUp);
                assertThat(keepalive.misses()).isZero();
            }

            timers.advance(INTERVAL); // a probe to nobody
            timers.advance(INTERVAL); // miss 1
            assertThat(state.isUp()).isTrue();
            timers.advance(INTERVAL); // miss 2
            assertThat(state.isUp()).as("carrier gone again").isFalse();

            try (Sipp carrier = Sipp.scenario("trunk-options-405.xml").localAddress(CARRIER).sipPort(port).calls(0)
                    .timeout(Duration.ofSeconds(60)).start()) {
                timers.advance(INTERVAL);
                await("405 Method Not Allowed proves it alive").atMost(T).until(state::isUp);
            }
        }
        assertThat(logs.messages(Level.WARN)).as("each change logged once")
                .hasSize(2).allSatisfy(m -> assertThat(m).contains("trunk carrier1 is down"));
        assertThat(logs.messages(Level.INFO).stream().filter(m -> m.contains("carrier1: up again"))).hasSize(2);
    }

    @Test
    void aTrunkWithoutKeepaliveHasNoProbesAndStaysUp() {
        Trunks trunks = new Trunks(List.of(TestTrunks.plain("quiet")));
        try (TrunkClients clients = new TrunkClients(trunks, sip.client(), timers)) {
            clients.start();
            assertThat(clients.keepalive("quiet")).isEmpty();
            assertThat(clients.registration("quiet")).isEmpty();
            assertThat(timers.pendingDelays()).isEmpty();
            assertThat(trunks.byName("quiet").orElseThrow().isUp()).isTrue();
        }
    }

    private static int portFreeOnTheCarrier() throws Exception {
        InetAddress carrier = InetAddress.getByName(CARRIER);
        for (int i = 0; i < 50; i++) {
            int p = FreePorts.udpAndTcp();
            if (FreePorts.isUdpFree(carrier, p) && FreePorts.isTcpFree(carrier, p)) return p;
        }
        throw new IllegalStateException("no free port on " + CARRIER);
    }
}
