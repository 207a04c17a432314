package org.dialtone.sip.trunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dialtone.sip.trunk.Carriers.CARRIER_1;
import static org.dialtone.sip.trunk.Carriers.CARRIER_2;
import static org.dialtone.sip.trunk.Carriers.awaitMediaExchangedWith;
import static org.dialtone.sip.trunk.Carriers.carrier;
import static org.dialtone.sip.trunk.Carriers.headers;
import static org.dialtone.sip.trunk.Carriers.messages;
import static org.dialtone.sip.trunk.Carriers.requestLines;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.dialtone.core.channel.HangupCause;
import org.dialtone.core.trunk.NumberFormat;
import org.dialtone.core.signalling.RingResult;
import org.dialtone.core.signalling.SignallingLeg;
import org.dialtone.media.RtpEndpoint;
import org.dialtone.testing.Sipp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** Calls to the network through trunks, against sipp as the carrier(s) on 127.0.0.2 and 127.0.0.3. */
class TrunkDialOutIT {
    private static final Duration T = Duration.ofSeconds(10);
    private static final String CALLED = "+12025550199";

    private final Logger sipLogger = (Logger) LoggerFactory.getLogger("org.dialtone.sip");
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Level previousLevel;

    @BeforeEach
    void captureLogs() {
        previousLevel = sipLogger.getLevel();
        sipLogger.setLevel(Level.DEBUG);
        logs.start();
        sipLogger.addAppender(logs);
    }

    @AfterEach
    void restoreLogs() {
        sipLogger.detachAppender(logs);
        sipLogger.setLevel(previousLevel);
    }

    private static SignallingLeg ringing(RingResult result) {
        assertThat(result).isInstanceOf(RingResult.Ringing.class);
        return ((RingResult.Ringing) result).leg();
    }

    private static Map<String, Long> failures(TrunkState trunk) {
        return trunk.failures().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()));
    }

    private String logText() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.joining("\n"));
    }

    @Test
    void answered_call_carries_number_and_caller_id_in_the_trunk_format_and_ends_with_our_bye() throws Exception {
        try (Sipp carrier = carrier("trunk-answer.xml", CARRIER_1).start();
             var sw = new TrunkTestSwitch(TestTrunk.of("carrier1", CARRIER_1, carrier.sipPort()).build())) {
            var listener = new RecordingListener();
            SignallingLeg leg = ringing(sw.dialOut(CALLED, listener, "carrier1"));
            assertThat(leg.device()).isEqualTo("carrier1");
            assertThat(sw.trunk("carrier1").activeChannels()).isEqualTo(1);

            listener.await("answered", T);
            assertThat(listener.kinds()).containsExactly("ringing", "answered");
            awaitMediaExchangedWith(sw, leg, new InetSocketAddress(CARRIER_1, carrier.mediaPort()));

            RecordingListener.hangup(leg, HangupCause.NORMAL);
            Sipp.Result r = carrier.await(T);
            assertThat(r.exitCode()).as(r.summary()).isZero();
            String sip = messages(r);
            assertThat(requestLines(sip, "INVITE"))
                    .containsExactly("INVITE sip:+12025550199@127.0.0.2:" + carrier.sipPort() + ";transport=udp SIP/2.0");
            assertThat(headers(sip, "To").getFirst()).startsWith("<sip:+12025550199@127.0.0.2:" + carrier.sipPort());
            assertThat(headers(sip, "From").getFirst()).startsWith("\"Alice\" <sip:+12025550100@127.0.0.1>;tag=");
            assertThat(headers(sip, "P-Asserted-Identity")).containsExactly("\"Alice\" <sip:+12025550100@127.0.0.1>");
            assertThat(sip).contains("a=rtpmap:0 PCMU/8000", "a=rtpmap:8 PCMA/8000", "a=rtpmap:101 telephone-event/8000");
            assertThat(requestLines(sip, "BYE")).hasSize(1);
            sw.awaitNoLeak();
            assertThat(sw.trunk("carrier1").callsTotal()).isEqualTo(1);
            assertThat(failures(sw.trunk("carrier1"))).isEmpty();
            assertThat(listener.has("ended")).as("a leg the core hangs up is not reported back").isFalse();
        }
    }

    @Test
    void early_media_configures_the_media_before_an_answer_and_giving_up_cancels() throws Exception {
        try (Sipp carrier = carrier("trunk-early-media.xml", CARRIER_1).start();
             var sw = new TrunkTestSwitch(TestTrunk.of("carrier1", CARRIER_1, carrier.sipPort()).build())) {
            var listener = new RecordingListener();
            SignallingLeg leg = ringing(sw.dialOut(CALLED, listener, "carrier1"));

            listener.await("earlyMedia", T);
            assertThat(listener.kinds()).containsExactly("ringing", "earlyMedia");
            // nothing but the 183 told the leg where the carrier's media is
            awaitMediaExchangedWith(sw, leg, new InetSocketAddress(CARRIER_1, carrier.mediaPort()));

            RecordingListener.hangup(leg, HangupCause.NO_ANSWER); // the core's ring timeout
            Sipp.Result r = carrier.await(T);
            assertThat(r.exitCode()).as(r.summary()).isZero(); // it got CANCEL, and ACK for its 487
            assertThat(requestLines(messages(r), "CANCEL")).hasSize(1);
            sw.awaitNoLeak();
            assertThat(failures(sw.trunk("carrier1"))).containsExactly(Map.entry("no_answer", 1L));
            assertThat(listener.kinds()).containsExactly("ringing", "earlyMedia");
        }
    }

    @Test
    void busy_carrier_ends_the_call_busy_without_trying_the_next_trunk() throws Exception {
        try (Sipp carrier = carrier("trunk-busy.xml", CARRIER_1).start();
             var sw = new TrunkTestSwitch(TestTrunk.of("carrier1", CARRIER_1, carrier.sipPort()).build(),
                     TestTrunk.of("carrier2", CARRIER_2, Carriers.deadPort()).build())) {
            var listener = new RecordingListener();
            ringing(sw.dialOut(CALLED, listener, "carrier1", "carrier2"));

            assertThat(listener.awaitEnded(T)).isEqualTo(HangupCause.BUSY);
            Sipp.Result r = carrier.await(T);
            assertThat(r.exitCode()).as(r.summary()).isZero();
            sw.awaitNoLeak();
            assertThat(failures(sw.trunk("carrier1"))).containsExactly(Map.entry("busy", 1L));
            assertThat(sw.trunk("carrier2").callsTotal()).isZero();
        }
    }

    @Test
    void a_401_challenge_is_answered_once_with_the_trunk_credentials() throws Exception {
        try (Sipp carrier = carrier("trunk-auth-401.xml", CARRIER_1).start();
             var sw = new TrunkTestSwitch(TestTrunk.of("carrier1", CARRIER_1, carrier.sipPort())
                     .credentials("trunkuser", "trunkpass").build())) {
            var listener = new RecordingListener();
            SignallingLeg leg = ringing(sw.dialOut(CALLED, listener, "carrier1"));

            listener.await("answered", T);
            RecordingListener.hangup(leg, HangupCause.NORMAL);
            Sipp.Result r = carrier.await(T);
            assertThat(r.exitCode()).as(r.summary()).isZero(); // sipp's verifyauth accepted the Authorization
            String sip = messages(r);
            assertThat(requestLines(sip, "INVITE")).hasSize(2);
            assertThat(headers(sip, "Call-ID").stream().distinct()).hasSize(1);
            assertThat(headers(sip, "CSeq")).contains("1 INVITE", "2 INVITE");
            assertThat(headers(sip, "From").stream().map(f -> f.substring(f.indexOf(";tag="))).distinct()).hasSize(1);
            assertThat(headers(sip, "Authorization").stream().distinct()) // in the INVITE, and its ACK
                    .singleElement().asString().startsWith("Digest username=\"trunkuser\"").doesNotContain("trunkpass");
            sw.awaitNoLeak();
        }
    }

    @Test
    void a_407_challenge_is_answered_with_proxy_authorization() throws Exception {
        try (Sipp carrier = carrier("trunk-auth-407.xml", CARRIER_1).start();
             var sw = new TrunkTestSwitch(TestTrunk.of("carrier1", CARRIER_1, carrier.sipPort())
                     .credentials("trunkuser", "trunkpass").build())) {
            var listener = new RecordingListener();
            SignallingLeg leg = ringing(sw.dialOut(CALLED, listener, "carrier1"));

            listener.await("answered", T);
            RecordingListener.hangup(leg, HangupCause.NORMAL);
            Sipp.Result r = carrier.await(T);
            assertThat(r.exitCode()).as(r.summary()).isZero();
            String sip = messages(r);
            assertThat(headers(sip, "CSeq")).contains("1 INVITE", "2 INVITE");
            String credentials = headers(sip, "Proxy-Authorization").getFirst();
            // RFC 2617 without qop (the challenge offered none): MD5(MD5(user:realm:pass):nonce:MD5(INVITE:uri))
            String uri = "sip:+12025550199@127.0.0.2:" + carrier.sipPort() + ";transport=udp";
            String expected = md5(md5("trunkuser:carrier.test:trunkpass") + ":5f1c7a2e9b3d4c6a8e0f:" + md5("INVITE:" + uri));
            assertThat(credentials).contains("username=\"trunkuser\"", "uri=\"" + uri + "\"",
                    "response=\"" + expected + "\"");
            assertThat(logText()).doesNotContain("trunkpass");
            sw.awaitNoLeak();
        }
    }

    private static String md5(String s) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void a_second_challenge_fails_the_call() throws Exception {
        try (Sipp carrier = carrier("trunk-auth-twice.xml", CARRIER_1).start();
             var sw = new TrunkTestSwitch(TestTrunk.of("carrier1", CARRIER_1, carrier.sipPort())
                     .credentials("trunkuser", "wrong").build())) {
            var listener = new RecordingListener();
            ringing(sw.dialOut(CALLED, listener, "carrier1"));

            assertThat(listener.awaitEnded(T)).isEqualTo(HangupCause.FAILED);
            Sipp.Result r = carrier.await(T);
            assertThat(r.exitCode()).as(r.summary()).isZero();
            assertThat(requestLines(messages(r), "INVITE")).hasSize(2);
            assertThat(logText()).contains("trunk carrier1: INVITE challenged (407) again");
            sw.awaitNoLeak();
            assertThat(failures(sw.trunk("carrier1"))).containsExactly(Map.entry("auth", 1L));
        }
    }

    @Test
    void a_challenge_to_a_trunk_without_credentials_fails_the_call() throws Exception {
        try (Sipp carrier = carrier("trunk-407.xml", CARRIER_1).start();
             var sw = new TrunkTestSwitch(TestTrunk.of("carrier1", CARRIER_1, carrier.sipPort()).build())) {
            var listener = new RecordingListener();
            ringing(sw.dialOut(CALLED, listener, "carrier1"));

            assertThat(listener.awaitEnded(T)).isEqualTo(HangupCause.FAILED);
            assertThat(logText()).contains("trunk carrier1: INVITE challenged (407) but the trunk has no credentials");
            Sipp.Result r = carrier.await(T);
            assertThat(r.exitCode()).as(r.summary()).isZero();
            assertThat(requestLines(messages(r), "INVITE")).hasSize(1);
            sw.awaitNoLeak();
        }
    }

    @Test
    void a_503_moves_the_call_to_the_next_trunk_with_a_new_call_id_and_that_trunks_number_format() throws Exception {
        try (Sipp first = carrier("trunk-503.xml", CARRIER_1).start();
             Sipp second = carrier("trunk-answer.xml", CARRIER_2).start();
             var sw = new TrunkTestSwitch(TestTrunk.of("carrier1", CARRIER_1, first.sipPort()).build(),
                     TestTrunk.of("carrier2", CARRIER_2, second.sipPort()).format(NumberFormat.NATIONAL, "1").build())) {
            var listener = new RecordingListener();
            SignallingLeg leg = ringing(sw.dialOut(CALLED, listener, "carrier1", "carrier2"));

            listener.await("answered", T);
            assertThat(leg.device()).isEqualTo("carrier2");
            assertThat(sw.trunk("carrier1").activeChannels()).isZero();
            assertThat(failures(sw.trunk("carrier1"))).containsExactly(Map.entry("503", 1L));
            awaitMediaExchangedWith(sw, leg, new InetSocketAddress(CARRIER_2, second.mediaPort()));

            RecordingListener.hangup(leg, HangupCause.NORMAL);
            Sipp.Result r1 = first.await(T);
            Sipp.Result r2 = second.await(T);
            assertThat(r1.exitCode()).as(r1.summary()).isZero();
            assertThat(r2.exitCode()).as(r2.summary()).isZero();
            String sip2 = messages(r2);
            assertThat(requestLines(sip2, "INVITE"))
                    .containsExactly("INVITE sip:2025550199@127.0.0.3:" + second.sipPort() + ";transport=udp SIP/2.0");
            assertThat(headers(sip2, "P-Asserted-Identity")).containsExactly("\"Alice\" <sip:2025550100@127.0.0.1>");
            assertThat(headers(messages(r1), "Call-ID").getFirst()).isNotEqualTo(headers(sip2, "Call-ID").getFirst());
            sw.awaitNoLeak();
        }
    }

    @Test
    void a_trunk_that_is_down_is_skipped() throws Exception {
        try (Sipp second = carrier("trunk-answer.xml", CARRIER_2).start();
             var sw = new TrunkTestSwitch(TestTrunk.of("carrier1", CARRIER_1, Carriers.deadPort()).build(),
                     TestTrunk.of("carrier2", CARRIER_2, second.sipPort()).build())) {
            sw.trunk("carrier1").markUp(false);
            var listener = new RecordingListener();
            SignallingLeg leg = ringing(sw.dialOut(CALLED, listener, "carrier1", "carrier2"));
            assertThat(leg.device()).isEqualTo("carrier2");

            listener.await("answered", T);
            RecordingListener.hangup(leg, HangupCause.NORMAL);
            Sipp.Result r = second.await(T);
            assertThat(r.exitCode()).as(r.summary()).isZero();
            sw.awaitNoLeak();
            assertThat(sw.trunk("carrier1").callsTotal()).isZero();
            assertThat(failures(sw.trunk("carrier1"))).isEmpty();
        }
    }

    @Test
    void a_silent_trunk_is_given_up_and_the_next_one_answers() throws Exception {
        try (Sipp second = carrier("trunk-answer.xml", CARRIER_2).start();
             var sw = new TrunkTestSwitch(TestTrunk.of("carrier1", CARRIER_1, Carriers.deadPort()).build(),
                     TestTrunk.of("carrier2", CARRIER_2, second.sipPort()).build())) {
            var listener = new RecordingListener();
            SignallingLeg leg = ringing(sw.dialOut(CALLED, listener, "carrier1", "carrier2"));
            assertThat(leg.device()).isEqualTo("carrier1");

            listener.await("answered", Duration.ofSeconds(15));
            assertThat(leg.device()).isEqualTo("carrier2");
            assertThat(failures(sw.trunk("carrier1"))).containsExactly(Map.entry("timeout", 1L));
            RecordingListener.hangup(leg, HangupCause.NORMAL);
            Sipp.Result r = second.await(T);
            assertThat(r.exitCode()).as(r.summary()).isZero();
            sw.awaitNoLeak();
        }
    }

    @Test
    void a_refused_tcp_connection_moves_on_to_the_next_trunk_at_once() throws Exception {
        try (Sipp second = carrier("trunk-answer.xml", CARRIER_2).start();
             var sw = new TrunkTestSwitch(TestTrunk.of("carrier1", CARRIER_1, Carriers.deadPort()).transport("tcp").build(),
                     TestTrunk.of("carrier2", CARRIER_2, second.sipPort()).build())) {
            var listener = new RecordingListener();
            SignallingLeg leg = ringing(sw.dialOut(CALLED, listener, "carrier1", "carrier2"));

            listener.await("answered", Duration.ofSeconds(4)); // well before the silence timeout
            assertThat(leg.device()).isEqualTo("carrier2");
            assertThat(failures(sw.trunk("carrier1"))).containsExactly(Map.entry("transport", 1L));
            RecordingListener.hangup(leg, HangupCause.NORMAL);
            Sipp.Result r = second.await(T);
            assertThat(r.exitCode()).as(r.summary()).isZero();
            sw.awaitNoLeak();
        }
    }

    @Test
    void the_outbound_proxy_receives_the_requests_for_the_trunk_host() throws Exception {
        try (Sipp proxy = carrier("trunk-answer.xml", CARRIER_2).start();
             var sw = new TrunkTestSwitch(TestTrunk.of("carrier1", "carrier.invalid", 5060).inboundNetworks()
                     .outboundProxy(CARRIER_2 + ":" + proxy.sipPort()).build())) {
            var listener = new RecordingListener();
            SignallingLeg leg = ringing(sw.dialOut(CALLED, listener, "carrier1"));

            listener.await("answered", T);
            RecordingListener.hangup(leg, HangupCause.NORMAL);
            Sipp.Result r = proxy.await(T);
            assertThat(r.exitCode()).as(r.summary()).isZero(); // ACK and BYE reached the proxy too
            assertThat(requestLines(messages(r), "INVITE"))
                    .containsExactly("INVITE sip:+12025550199@carrier.invalid:5060;transport=udp SIP/2.0");
            sw.awaitNoLeak();
        }
    }

    @Test
    void max_channels_limits_the_calls_on_a_trunk() throws Exception {
        try (Sipp carrier = carrier("trunk-early-media.xml", CARRIER_1).start();
             var sw = new TrunkTestSwitch(TestTrunk.of("carrier1", CARRIER_1, carrier.sipPort()).maxChannels(1).build())) {
            var listener = new RecordingListener();
            SignallingLeg leg = ringing(sw.dialOut(CALLED, listener, "carrier1"));
            assertThat(sw.core.port.trunkAvailable(java.util.List.of("carrier1"))).isFalse();

            assertThat(sw.dialOut("+12025550198", new RecordingListener(), "carrier1"))
                    .isEqualTo(RingResult.failed(RingResult.Failure.NO_TRUNK));
            assertThat(sw.media.activeEndpoints()).isEqualTo(1);

            listener.await("ringing", T);
            RecordingListener.hangup(leg, HangupCause.CANCELLED);
            assertThat(sw.core.port.trunkAvailable(java.util.List.of("carrier1"))).isTrue();
            Sipp.Result r = carrier.await(T);
            assertThat(r.exitCode()).as(r.summary()).isZero();
            sw.awaitNoLeak();
            assertThat(failures(sw.trunk("carrier1"))).as("the caller gave up: not the trunk's failure").isEmpty();
        }
    }

    @Test
    void no_usable_trunk_or_no_rtp_port_fails_at_once_and_takes_nothing() throws Exception {
        try (var sw = new TrunkTestSwitch(2, TestTrunk.of("carrier1", CARRIER_1, Carriers.deadPort()).build())) {
            assertThat(sw.dialOut(CALLED, new RecordingListener(), "nosuchtrunk"))
                    .isEqualTo(RingResult.failed(RingResult.Failure.NO_TRUNK));
            assertThat(sw.core.port.trunkAvailable(java.util.List.of("nosuchtrunk"))).isFalse();
            assertThat(sw.core.port.trunkAvailable(java.util.List.of("nosuchtrunk", "carrier1"))).isTrue();

            var taken = sw.media.allocate(); // the only port pair
            assertThat(sw.dialOut(CALLED, new RecordingListener(), "carrier1"))
                    .isEqualTo(RingResult.failed(RingResult.Failure.NO_MEDIA_PORT));
            assertThat(sw.trunk("carrier1").activeChannels()).isZero();
            taken.release();

            sw.trunk("carrier1").markUp(false);
            assertThat(sw.dialOut(CALLED, new RecordingListener(), "carrier1"))
                    .isEqualTo(RingResult.failed(RingResult.Failure.NO_TRUNK));
            assertThat(sw.core.port.trunkAvailable(java.util.List.of("carrier1"))).isFalse();
            sw.awaitNoLeak();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"trunk-bad-sdp-answer.xml", "trunk-no-sdp-answer.xml"})
    void an_answer_without_usable_sdp_fails_the_call_hangs_up_and_leaks_nothing(String scenario) throws Exception {
        try (Sipp carrier = carrier(scenario, CARRIER_1).start();
             var sw = new TrunkTestSwitch(TestTrunk.of("carrier1", CARRIER_1, carrier.sipPort()).build())) {
            var listener = new RecordingListener();
            ringing(sw.dialOut(CALLED, listener, "carrier1"));

            assertThat(listener.awaitEnded(T)).isEqualTo(HangupCause.FAILED);
            assertThat(listener.kinds()).doesNotContain("answered");
            Sipp.Result r = carrier.await(T);
            assertThat(r.exitCode()).as(r.summary()).isZero(); // it got ACK and BYE
            sw.awaitNoLeak();
            assertThat(failures(sw.trunk("carrier1"))).containsExactly(Map.entry("bad_sdp", 1L));
        }
    }

    @Test
    void unusable_early_media_cancels_the_call() throws Exception {
        try (Sipp carrier = carrier("trunk-bad-sdp-early.xml", CARRIER_1).start();
             var sw = new TrunkTestSwitch(TestTrunk.of("carrier1", CARRIER_1, carrier.sipPort()).build())) {
            var listener = new RecordingListener();
            ringing(sw.dialOut(CALLED, listener, "carrier1"));

            assertThat(listener.awaitEnded(T)).isEqualTo(HangupCause.FAILED);
            assertThat(listener.kinds()).doesNotContain("earlyMedia", "answered");
            Sipp.Result r = carrier.await(T);
            assertThat(r.exitCode()).as(r.summary()).isZero(); // it got CANCEL
            sw.awaitNoLeak();
        }
    }

    @Test
    void the_carriers_hold_and_bye_work_on_a_trunk_call_and_the_channel_goes_back() throws Exception {
        try (Sipp carrier = carrier("trunk-answer-reinvite-bye.xml", CARRIER_1).pause(Duration.ofMillis(300)).start();
             var sw = new TrunkTestSwitch(TestTrunk.of("carrier1", CARRIER_1, carrier.sipPort()).build())) {
            var listener = new RecordingListener();
            SignallingLeg leg = ringing(sw.dialOut(CALLED, listener, "carrier1"));

            assertThat(listener.awaitEnded(T)).isEqualTo(HangupCause.NORMAL);
            assertThat(listener.kinds()).containsExactly("answered", "ended");
            assertThat(((RtpEndpoint) leg.media()).isHeld()).as("the carrier's sendonly re-INVITE").isTrue();
            Sipp.Result r = carrier.await(T);
            assertThat(r.exitCode()).as(r.summary()).isZero(); // our 200 to its re-INVITE answered recvonly
            sw.awaitNoLeak();
            assertThat(failures(sw.trunk("carrier1"))).isEmpty();
        }
    }
}
