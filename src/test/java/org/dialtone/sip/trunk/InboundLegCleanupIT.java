package org.dialtone.sip.trunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dialtone.sip.trunk.Carriers.CARRIER_1;
import static org.dialtone.sip.trunk.Carriers.messages;

import java.time.Duration;
import org.dialtone.testing.Sipp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An inbound leg whose hand-over to the core throws (issue 8: every RTP endpoint allocated for an inbound INVITE is
 * released on any exception): the caller gets 500, and no RTP endpoint, dialog or trunk channel is left behind. The
 * path is the one device calls take too (InboundAnchor), reached here through a trunk because the fake core can fail.
 */
class InboundLegCleanupIT {
    private static final String DID = "+12025550100";
    private TrunkTestSwitch sw;

    @BeforeEach
    void start() throws Exception {
        sw = new TrunkTestSwitch(TestTrunk.of("carrier1", CARRIER_1, 5060).inboundNetworks("127.0.0.2/32").build());
        sw.core.dids.add(DID);
    }

    @AfterEach
    void stop() { sw.close(); }

    @Test
    void aCoreThatThrowsWhileTakingTheCallLeavesNoRtpEndpointDialogOrChannel() {
        sw.core.failTrunkCalls = new IllegalStateException("the core failed (test)");
        Sipp.Result r = Sipp.scenario("trunk-inbound-refused.xml").localAddress(CARRIER_1)
                .remote("127.0.0.1:" + sw.sipPort).service(DID).timeout(Duration.ofSeconds(15))
                .args("-trace_msg", "-message_file", "messages.log").run();
        assertThat(r.exitCode()).as(r.summary()).isZero();
        assertThat(messages(r)).contains("SIP/2.0 500");
        sw.awaitNoLeak();
    }
}
