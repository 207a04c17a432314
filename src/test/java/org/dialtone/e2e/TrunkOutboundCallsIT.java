package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dialtone.e2e.TrunkCallSupport.EARLY_MEDIA_HZ;
import static org.dialtone.e2e.TrunkCallSupport.T;
import static org.dialtone.e2e.TrunkCallSupport.answerEcho;
import static org.dialtone.e2e.TrunkCallSupport.assertEndsWithTone;
import static org.dialtone.e2e.TrunkCallSupport.assertOk;
import static org.dialtone.e2e.TrunkCallSupport.assertOutsideParty;
import static org.dialtone.e2e.TrunkCallSupport.assertTone;
import static org.dialtone.e2e.TrunkCallSupport.eventAbout;
import static org.dialtone.e2e.TrunkCallSupport.eventsOf;
import static org.dialtone.e2e.TrunkCallSupport.inviteReceived;
import static org.dialtone.e2e.TrunkCallSupport.invitesReceived;
import static org.dialtone.e2e.TrunkFixture.CARRIER1;
import static org.dialtone.e2e.TrunkFixture.CARRIER2;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dialtone.core.call.CallRecord;
import org.dialtone.core.event.ChannelEvent;
import org.dialtone.core.event.EventType;
import org.dialtone.testing.BaresipPhone;
import org.dialtone.testing.DigestCheck;
import org.dialtone.testing.SilentSipPeer;
import org.dialtone.testing.Sipp;
import org.dialtone.testing.SippMessageLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Calls from customer 1000001 to the telephone network through carrier1 (a sipp on 127.0.0.2): by originate and by a
 * phone dialling an E.164 number; the carrier answering (with early media, then echoing what it hears), busy,
 * challenging for credentials, or never answering. Each phone sends its own tone, so a recording shows whose audio
 * arrived: a phone hearing its own tone hears it back through the carrier.
 */
class TrunkOutboundCallsIT {
    private static final String TOLL_FREE = "+18003569377";
    private static final String OUTSIDE = "+18005550199";
    private static final int RING_TIMEOUT_SECONDS = 3;
    private TrunkFixture t;

    @AfterEach
    void stop() {
        if (t != null) t.closeCheckingNoLeak();
    }

    @Test
    void originateRingsTheExtensionThenDialsTheCarrierInE164WithTheExtensionsCallerId() {
        t = TrunkFixture.start();
        ActionClient api = new ActionClient(t.sw.dialtone.httpPort(), t.sw.token);
        BaresipPhone reception = t.sw.registeredPhone("226", 440);
        try (Sipp carrier = answerEcho(t, CARRIER1, Duration.ofMillis(300)).start()) {
            var originated = api.post("originate", "{\"extension_number\":\"226\",\"number\":\"8003569377\"}");
            assertThat(originated.status()).as(originated.toString()).isEqualTo(200);
            String linkedId = originated.data("linked_id");

            assertThat(reception.awaitEvent("CALL_ESTABLISHED", T).path("peeruri").asString())
                    .as("226's phone shows whom it calls").contains("8003569377");
            reception.awaitReceivedAudio(2.5, T);
            reception.hangup();
            Sipp.Result r = assertOk(carrier.await(T));

            SippMessageLog.Message invite = inviteReceived(r);
            assertThat(invite.requestUser()).as("country code 1 makes 8003569377 " + TOLL_FREE).isEqualTo(TOLL_FREE);
            assertThat(invite.header("From")).hasValueSatisfying(f -> assertThat(f).contains(TrunkFixture.RECEPTION_CALLER_ID));
            assertThat(invite.header("P-Asserted-Identity"))
                    .hasValueSatisfying(p -> assertThat(p).contains(TrunkFixture.RECEPTION_CALLER_ID));
            assertEndsWithTone(reception.awaitFinishedRecording(2.0, T), 440); // 226 hears itself through the carrier

            ChannelEvent dialled = eventAbout(t.sw.events, EventType.DIAL_BEGIN, TOLL_FREE);
            assertThat(dialled.linkedId()).isEqualTo(linkedId);
            assertOutsideParty(dialled.callee(), TOLL_FREE, CARRIER1);
            ChannelEvent answered = eventAbout(t.sw.events, EventType.DIAL_END, TOLL_FREE);
            assertThat(answered.channel().dialStatus()).isEqualTo("answer");
            assertOutsideParty(answered.channel(), TOLL_FREE, CARRIER1);
            t.sw.events.awaitHangups(2, T);
            assertThat(eventsOf(t.sw.events, linkedId)).as(t.sw.events.describe())
                    .allSatisfy(e -> assertThat(e.direction()).as(e.toString()).isEqualTo("outbound"));

            CallRecord record = t.sw.awaitCallRecord("1000001", linkedId);
            assertThat(record.direction()).isEqualTo("outbound");
            assertThat(record.outsideNumber()).isEqualTo(TOLL_FREE);
            assertThat(record.trunk()).isEqualTo(CARRIER1);
            assertThat(record.answerTime()).isNotNull();
        }
    }

    @Test
    void phoneDiallingAnE164NumberHearsTheCarriersEarlyMediaThenItself() {
        t = TrunkFixture.start();
        BaresipPhone bob = t.sw.registeredPhone("201", 1000);
        try (Sipp carrier = answerEcho(t, CARRIER1, Duration.ofMillis(1500)).start()) {
            bob.dial(OUTSIDE);
            bob.awaitEvent("CALL_ESTABLISHED", T);
            bob.awaitReceivedAudio(3.5, T);
            bob.hangup();
            Sipp.Result r = assertOk(carrier.await(T));

            SippMessageLog.Message invite = inviteReceived(r);
            assertThat(invite.requestUser()).isEqualTo(OUTSIDE);
            assertThat(invite.header("From")).as("201 has no caller id of its own: the customer's main number")
                    .hasValueSatisfying(f -> assertThat(f).contains(TrunkFixture.MAIN_NUMBER));
            assertThat(invite.header("P-Asserted-Identity"))
                    .hasValueSatisfying(p -> assertThat(p).contains(TrunkFixture.MAIN_NUMBER));

            Path heard = bob.awaitFinishedRecording(3.0, T);
            assertTone(heard, 0.3, 0.8, EARLY_MEDIA_HZ); // the carrier's 183 early media, relayed before the answer
            assertEndsWithTone(heard, 1000);             // after the answer: 201's own voice, echoed by the carrier

            ChannelEvent begin = eventAbout(t.sw.events, EventType.DIAL_BEGIN, OUTSIDE);
            assertThat(begin.direction()).isEqualTo("outbound");
            assertThat(begin.caller().number()).isEqualTo("201");
            assertThat(begin.caller().device()).isEqualTo("201");
            assertOutsideParty(begin.callee(), OUTSIDE, CARRIER1);
            List<ChannelEvent> all = t.sw.events.awaitHangups(2, T);
            assertThat(UnansweredCallIT.types(all)).as(t.sw.events.describe())
                    .containsExactly("dial_begin", "dial_end", "bridge", "hangup", "hangup");
            assertThat(all).allSatisfy(e -> assertThat(e.direction()).isEqualTo("outbound"));
            ChannelEvent bridge = all.get(2);
            assertThat(bridge.caller().connectedNumber()).isEqualTo(OUTSIDE);
            assertThat(bridge.caller().connectedDevice()).isEqualTo(CARRIER1);
        }
    }

    @Test
    void busyCarrierGivesThePhone486AndNoOtherTrunkIsTried() {
        t = TrunkFixture.start();
        BaresipPhone bob = t.sw.registeredPhone("201", 1000);
        try (Sipp carrier = t.carrier(CARRIER1, "carrier-busy.xml").timeout(Duration.ofSeconds(20)).start();
             SilentSipPeer other = SilentSipPeer.bind(t.carrier(CARRIER2).host(), t.carrier(CARRIER2).port())) {
            bob.dial(OUTSIDE);
            assertThat(bob.awaitEvent("CALL_CLOSED", T).path("param").asString()).contains("486");
            assertOk(carrier.await(T));

            List<ChannelEvent> events = t.sw.events.awaitHangups(2, T);
            assertThat(UnansweredCallIT.types(events)).as(t.sw.events.describe())
                    .containsExactly("dial_begin", "dial_end", "hangup", "hangup");
            assertThat(events.get(1).channel().dialStatus()).isEqualTo("busy");
            assertOutsideParty(events.get(1).channel(), OUTSIDE, CARRIER1);
            assertThat(UnansweredCallIT.callerHangup(events).channel().dialStatus()).isEqualTo("busy");
            CallRecord record = t.sw.awaitCallRecord("1000001", events.get(0).linkedId());
            assertThat(record.disposition()).isEqualTo("busy");
            assertThat(record.direction()).isEqualTo("outbound");
            assertThat(other.requests("INVITE")).as("busy is the called party's answer: no failover").isZero();
        }
    }

    @Test
    void carrierChallengingWith407IsAnsweredWithTheTrunksCredentials() {
        t = TrunkFixture.builder().credentials(CARRIER1, "trunkuser", "trunkpass").start();
        BaresipPhone bob = t.sw.registeredPhone("201", 1000);
        try (Sipp carrier = t.carrier(CARRIER1, "carrier-challenge.xml").rtpEcho().timeout(Duration.ofSeconds(20))
                .start()) {
            bob.dial(OUTSIDE);
            bob.awaitEvent("CALL_ESTABLISHED", T);
            bob.awaitReceivedAudio(2.0, T);
            bob.hangup();
            Sipp.Result r = assertOk(carrier.await(T));

            List<SippMessageLog.Message> invites = invitesReceived(r.messages());
            assertThat(invites).hasSize(2);
            assertThat(invites.get(0).header("Proxy-Authorization")).isEmpty();
            assertThat(invites.get(1).header("Call-ID")).isEqualTo(invites.get(0).header("Call-ID"));
            String challenge = r.messages().stream().filter(m -> !m.received() && m.isResponse(407))
                    .flatMap(m -> m.header("Proxy-Authenticate").stream()).findFirst().orElseThrow();
            String nonce = DigestCheck.params(challenge).get("nonce");
            String answer = invites.get(1).header("Proxy-Authorization").orElseThrow();
            assertThat(DigestCheck.valid(answer, "INVITE", "trunkuser", "trunkpass", nonce)).as(answer).isTrue();
            assertThat(DigestCheck.params(answer)).containsEntry("qop", "auth");
            assertEndsWithTone(bob.awaitFinishedRecording(1.5, T), 1000);
        }
    }

    @Test
    void carrierThatNeverAnswersIsCancelledAtTheRingTimeout() {
        t = TrunkFixture.builder().ringTimeoutSeconds(RING_TIMEOUT_SECONDS).start();
        BaresipPhone bob = t.sw.registeredPhone("201", 1000);
        try (Sipp carrier = t.carrier(CARRIER1, "carrier-noanswer.xml").timeout(Duration.ofSeconds(20)).start();
             SilentSipPeer other = SilentSipPeer.bind(t.carrier(CARRIER2).host(), t.carrier(CARRIER2).port())) {
            long dialled = System.nanoTime();
            bob.dial(OUTSIDE);
            String reason = bob.awaitEvent("CALL_CLOSED", T).path("param").asString();
            double rang = (System.nanoTime() - dialled) / 1e9;
            assertThat(reason).contains("480");
            assertThat(rang).as("seconds until the phone was released").isBetween(RING_TIMEOUT_SECONDS - 0.5,
                    RING_TIMEOUT_SECONDS + 3.0);

            // the carrier saw INVITE, then CANCEL; it answered 487 and got its ACK
            Sipp.Result r = assertOk(carrier.await(T));
            assertThat(r.messages()).filteredOn(SippMessageLog.Message::received)
                    .extracting(m -> m.startLine().split(" ")[0]).containsExactly("INVITE", "CANCEL", "ACK");
            assertThat(other.requests("INVITE")).as("ringing without answer is no reason to fail over").isZero();

            List<ChannelEvent> events = t.sw.events.awaitHangups(2, T);
            assertThat(UnansweredCallIT.types(events)).as(t.sw.events.describe())
                    .containsExactly("dial_begin", "dial_end", "hangup", "hangup");
            assertThat(events.get(1).channel().dialStatus()).isEqualTo("no answer");
            assertThat(UnansweredCallIT.callerHangup(events).channel().dialStatus()).isEqualTo("no answer");
            assertThat(t.sw.awaitCallRecord("1000001", events.get(0).linkedId()).disposition()).isEqualTo("no answer");
        }
    }
}
