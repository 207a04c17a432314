package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.dialtone.testing.BaresipPhone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The switch runs out of RTP ports (a range of two or three port pairs, one call taking two): a further call gets a
 * clean 503 whichever leg finds no port, the refusal is counted in /metrics, nothing leaks, and calls connect again
 * once a call has ended and given its ports back.
 */
class RtpPortsExhaustedIT {
    private static final Duration T = Duration.ofSeconds(10);
    private SwitchFixture sw;

    @AfterEach void stop() {
        if (sw != null) sw.closeCheckingNoLeak();
    }

    @Test
    void noPortForTheCalleeGets503AndCallsConnectAgainOncePortsAreFree() {
        sw = SwitchFixture.withRtpPortPairs(3);
        BaresipPhone alice = sw.registeredPhone("200", 440);
        BaresipPhone bob = sw.registeredPhone("201", 1000);
        alice.dialAndConnect("201", bob, T); // two of the three pairs
        assertThat(sw.dialtone.media().activeEndpoints()).isEqualTo(2);
        assertThat(sw.metric("dialtone_rtp_ports_exhausted_total")).isZero();

        // the caller's leg gets the last pair; ringing 201 needs one more
        assertThat(inviteFrom200To201()).isEqualTo(503);

        assertThat(sw.metric("dialtone_rtp_ports_exhausted_total")).isEqualTo(1.0);
        awaitEndpoints(2); // the refused caller's port pair was given back
        bob.awaitReceivedAudio(1.0, T); // the call in progress is untouched
        endCallAndConnectAgain(alice, bob);
    }

    @Test
    void noPortForTheCallerGets503AndCallsConnectAgainOncePortsAreFree() {
        sw = SwitchFixture.withRtpPortPairs(2);
        BaresipPhone alice = sw.registeredPhone("200", 440);
        BaresipPhone bob = sw.registeredPhone("201", 1000);
        alice.dialAndConnect("201", bob, T); // both pairs

        assertThat(inviteFrom200To201()).isEqualTo(503); // refused before anything rings

        assertThat(sw.metric("dialtone_rtp_ports_exhausted_total")).isEqualTo(1.0);
        assertThat(sw.dialtone.media().activeEndpoints()).isEqualTo(2);
        assertThat(sw.dialtone.calls().activeCalls()).as("the refused INVITE made no call").isEqualTo(1);
        endCallAndConnectAgain(alice, bob);
    }

    /** A hand-written INVITE from 200 (digest-authenticated) to 201; returns the final status. */
    private int inviteFrom200To201() {
        try (RawSip ua = new RawSip(sw.dialtone.sipPort())) {
            var response = ua.callWithAuth(RegistrarIT.invite(ua, "200", "201"), "200", SwitchFixture.password("200"));
            return response.status();
        }
    }

    private void endCallAndConnectAgain(BaresipPhone alice, BaresipPhone bob) {
        alice.hangup();
        bob.awaitEvent("CALL_CLOSED", T);
        awaitEndpoints(0);

        alice.clearEvents();
        bob.clearEvents();
        alice.dialAndConnect("201", bob, T);
        bob.awaitReceivedAudio(1.0, T);
        alice.awaitReceivedAudio(1.0, T);
        alice.hangup();
        bob.awaitEvent("CALL_CLOSED", T);
    }

    private void awaitEndpoints(int n) {
        await("RTP endpoints = " + n).atMost(T).pollInterval(Duration.ofMillis(50))
                .until(() -> sw.dialtone.media().activeEndpoints() == n);
    }
}
