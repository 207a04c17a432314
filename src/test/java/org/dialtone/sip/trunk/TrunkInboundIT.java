package org.dialtone.sip.trunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.dialtone.sip.trunk.Carriers.CARRIER_1;
import static org.dialtone.sip.trunk.Carriers.CARRIER_2;
import static org.dialtone.sip.trunk.Carriers.messages;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dialtone.core.channel.HangupCause;
import org.dialtone.core.trunk.NumberFormat;
import org.dialtone.core.signalling.SignallingPort.CallerId;
import org.dialtone.testing.Sipp;
import org.dialtone.testing.TestDirs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Calls from the network: sipp on 127.0.0.2 is the trunk's carrier (its inbound network), sipp on 127.0.0.3 a
 * stranger. The switch knows DID +12025550100.
 */
class TrunkInboundIT {
    private static final Duration T = Duration.ofSeconds(10);
    private static final String DID = "+12025550100";

    private final Logger sipLogger = (Logger) LoggerFactory.getLogger("org.dialtone.sip");
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private TrunkTestSwitch sw;

    @BeforeEach
    void start() throws Exception {
        logs.start();
        sipLogger.addAppender(logs);
        sw = new TrunkTestSwitch(TestTrunk.of("carrier1", CARRIER_1, 5060).inboundNetworks("127.0.0.2/32")
                .maxChannels(1).format(NumberFormat.NATIONAL, "1").build());
        sw.core.dids.add(DID);
    }

    @AfterEach
    void stop() {
        try {
            sw.close();
        } finally {
            sipLogger.detachAppender(logs);
        }
    }

    private Sipp.Builder caller(String scenario, String from, String called) {
        return Sipp.scenario(scenario).localAddress(from).remote("127.0.0.1:" + sw.sipPort).service(called)
                .timeout(Duration.ofSeconds(15)).args("-trace_msg", "-message_file", "messages.log");
    }

    /** The carrier's call with {@code extraHeader} (a whole header line) in its INVITE. */
    private Sipp.Builder carrierCall(String called, String extraHeader) throws Exception {
        Path csv = TestDirs.newDir("inbound-call").resolve("headers.csv");
        Files.writeString(csv, "SEQUENTIAL\n" + extraHeader + ";\n");
        return caller("trunk-inbound-call.xml", CARRIER_1, called).file("headers.csv", csv).args("-inf", "headers.csv");
    }

    /** The status of the final response the caller got. */
    private static String finalStatus(Sipp.Result r) {
        return messages(r).lines().map(String::strip).filter(l -> l.matches("SIP/2\\.0 [2-6]\\d\\d .*"))
                .reduce((a, b) -> b).orElse("(no final response)");
    }

    private List<String> logLines() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void a_call_from_the_trunk_to_a_known_did_reaches_the_core_with_caller_and_trunk() throws Exception {
        try (Sipp carrier = carrierCall("2025550100", "P-Asserted-Identity: \"Carol Caller\" <sip:+12025550123@127.0.0.2>")
                .pause(Duration.ofMillis(300)).start()) {
            await("the call reaches the core").atMost(T).until(() -> !sw.core.trunkCalls.isEmpty());
            FakeCore.TrunkCall call = sw.core.trunkCalls.getFirst();
            assertThat(call.trunk()).isEqualTo("carrier1");
            assertThat(call.e164()).as("national DID read with the trunk's country code").isEqualTo(DID);
            assertThat(call.caller()).as("P-Asserted-Identity wins over From")
                    .isEqualTo(new CallerId("+12025550123", "Carol Caller"));
            assertThat(call.leg().device()).isEqualTo("carrier1");
            assertThat(sw.trunk("carrier1").activeChannels()).isEqualTo(1);
            assertThat(sw.sip.openDialogs()).isEqualTo(1);

            call.leg().progress(); // what the core does: early media (ringback), then the answer
            call.leg().answer();
            assertThat(call.listener().awaitEnded(T)).isEqualTo(HangupCause.NORMAL); // the carrier's BYE

            Sipp.Result r = carrier.await(T);
            assertThat(r.exitCode()).as(r.summary()).isZero();
            assertThat(messages(r)).contains("SIP/2.0 180 Ringing", "SIP/2.0 200 OK", "m=audio ");
            sw.awaitNoLeak();
        }
    }

    @Test
    void a_caller_who_gives_up_while_it_rings_frees_the_channel() {
        try (Sipp carrier = caller("trunk-inbound-cancel.xml", CARRIER_1, DID).start()) {
            await("the call reaches the core").atMost(T).until(() -> !sw.core.trunkCalls.isEmpty());
            FakeCore.TrunkCall call = sw.core.trunkCalls.getFirst();
            call.leg().progress();
            assertThat(call.listener().awaitEnded(T)).isEqualTo(HangupCause.CANCELLED);
            Sipp.Result r = carrier.await(T);
            assertThat(r.exitCode()).as(r.summary()).isZero();
            sw.awaitNoLeak();
        }
    }

    @Test
    void an_unknown_did_gets_404_and_takes_no_channel() {
        Sipp.Result r = caller("trunk-inbound-refused.xml", CARRIER_1, "2025550111").run();
        assertThat(r.exitCode()).as(r.summary()).isZero();
        assertThat(finalStatus(r)).startsWith("SIP/2.0 404");
        assertThat(sw.core.trunkCalls).isEmpty();
        assertThat(sw.trunk("carrier1").callsTotal()).isZero();
        sw.awaitNoLeak();
    }

    @Test
    void a_trunk_at_its_channel_limit_gets_503() {
        TrunkChannel busy = TrunkChannel.inbound(sw.trunk("carrier1")).orElseThrow(); // max_channels is 1
        try {
            Sipp.Result r = caller("trunk-inbound-refused.xml", CARRIER_1, "+12025550100").run();
            assertThat(r.exitCode()).as(r.summary()).isZero();
            assertThat(finalStatus(r)).startsWith("SIP/2.0 503");
            assertThat(sw.core.trunkCalls).isEmpty();
        } finally {
            busy.release();
        }
        sw.awaitNoLeak();
    }

    @Test
    void a_trunk_marked_down_by_its_keepalive_still_delivers_calls_and_from_names_the_caller() throws Exception {
        sw.trunk("carrier1").markUp(false);
        try (Sipp carrier = carrierCall(DID, "X-Nothing: 1").pause(Duration.ofMillis(100)).start()) {
            await("the call reaches the core").atMost(T).until(() -> !sw.core.trunkCalls.isEmpty());
            FakeCore.TrunkCall call = sw.core.trunkCalls.getFirst();
            assertThat(call.caller()).as("no P-Asserted-Identity: From, read as the trunk's national number")
                    .isEqualTo(new CallerId("+12025550999", "From Header"));
            call.leg().answer();
            call.listener().awaitEnded(T);
            Sipp.Result r = carrier.await(T);
            assertThat(r.exitCode()).as(r.summary()).isZero();
            sw.awaitNoLeak();
        }
    }

    @Test
    void a_did_the_core_no_longer_knows_gets_404_and_a_refusal_for_a_known_one_503() {
        sw.core.refuseTrunkCalls = true;
        sw.core.forgetDidOnRefusal = true;
        Sipp.Result vanished = caller("trunk-inbound-refused.xml", CARRIER_1, DID).run();
        assertThat(vanished.exitCode()).as(vanished.summary()).isZero();
        assertThat(finalStatus(vanished)).startsWith("SIP/2.0 404");
        sw.awaitNoLeak();

        sw.core.dids.add(DID);
        sw.core.forgetDidOnRefusal = false;
        Sipp.Result refused = caller("trunk-inbound-refused.xml", CARRIER_1, DID).run();
        assertThat(refused.exitCode()).as(refused.summary()).isZero();
        assertThat(finalStatus(refused)).startsWith("SIP/2.0 503");
        sw.awaitNoLeak();
    }

    @Test
    void a_did_called_from_an_address_that_is_no_trunk_gets_403_and_a_log_line() {
        Sipp.Result r = caller("trunk-inbound-refused.xml", CARRIER_2, DID).run();
        assertThat(r.exitCode()).as(r.summary()).isZero();
        assertThat(finalStatus(r)).startsWith("SIP/2.0 403");
        assertThat(logLines()).contains("INVITE for DID +12025550100 from 127.0.0.3 which is not a trunk: 403");
        assertThat(sw.core.trunkCalls).isEmpty();
        assertThat(sw.trunk("carrier1").callsTotal()).isZero();
        sw.awaitNoLeak();
    }

    @Test
    void anything_else_from_an_address_that_is_no_trunk_is_challenged_as_before() {
        Sipp.Result r = caller("trunk-inbound-refused.xml", CARRIER_2, "200").run();
        assertThat(r.exitCode()).as(r.summary()).isZero();
        assertThat(finalStatus(r)).startsWith("SIP/2.0 407");
        assertThat(sw.core.trunkCalls).isEmpty();
        sw.awaitNoLeak();
    }
}
