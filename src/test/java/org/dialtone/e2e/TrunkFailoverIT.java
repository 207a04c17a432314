package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dialtone.e2e.TrunkCallSupport.T;
import static org.dialtone.e2e.TrunkCallSupport.answerEcho;
import static org.dialtone.e2e.TrunkCallSupport.assertEndsWithTone;
import static org.dialtone.e2e.TrunkCallSupport.assertOk;
import static org.dialtone.e2e.TrunkCallSupport.assertOutsideParty;
import static org.dialtone.e2e.TrunkCallSupport.eventAbout;
import static org.dialtone.e2e.TrunkCallSupport.inviteReceived;
import static org.dialtone.e2e.TrunkFixture.CARRIER1;
import static org.dialtone.e2e.TrunkFixture.CARRIER2;

import java.time.Duration;
import org.dialtone.core.event.ChannelEvent;
import org.dialtone.core.event.EventType;
import org.dialtone.testing.BaresipPhone;
import org.dialtone.testing.SilentSipPeer;
import org.dialtone.testing.Sipp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Customer 1000001 calls out through [carrier1, carrier2]: when carrier1 refuses with 503, or is down (its OPTIONS
 * keepalives go unanswered), the call is carried by carrier2, and the caller hears itself echoed by carrier2.
 */
class TrunkFailoverIT {
    private static final String OUTSIDE = "+18005550199";
    /** How long a trunk may take to be declared down: a few keepalive periods plus an unanswered OPTIONS. */
    private static final Duration DOWN_WITHIN = Duration.ofSeconds(45);
    private TrunkFixture t;

    @AfterEach
    void stop() {
        if (t != null) t.closeCheckingNoLeak();
    }

    @Test
    void carrierAnswering503IsReplacedByTheNextTrunk() {
        t = TrunkFixture.start();
        BaresipPhone bob = t.sw.registeredPhone("201", 1000);
        try (Sipp first = t.carrier(CARRIER1, "carrier-503.xml").timeout(Duration.ofSeconds(20)).start();
             Sipp second = answerEcho(t, CARRIER2, Duration.ofMillis(300)).start()) {
            bob.dial(OUTSIDE);
            bob.awaitEvent("CALL_ESTABLISHED", T);
            bob.awaitReceivedAudio(2.5, T);
            bob.hangup();

            assertThat(inviteReceived(assertOk(first.await(T))).requestUser()).isEqualTo(OUTSIDE);
            assertThat(inviteReceived(assertOk(second.await(T))).requestUser()).isEqualTo(OUTSIDE);
            assertEndsWithTone(bob.awaitFinishedRecording(2.0, T), 1000); // carried by carrier2, which echoes

            ChannelEvent answered = eventAbout(t.sw.events, EventType.DIAL_END, OUTSIDE);
            assertThat(answered.channel().dialStatus()).isEqualTo("answer");
            assertOutsideParty(answered.channel(), OUTSIDE, CARRIER2);
            assertThat(t.sw.events.of(EventType.DIAL_BEGIN)).as("one leg, whatever the trunk: " + t.sw.events.describe())
                    .hasSize(1);
            var hangups = t.sw.events.awaitHangups(2, T);
            assertThat(t.sw.awaitCallRecord("1000001", hangups.get(0).linkedId()).trunk()).isEqualTo(CARRIER2);
        }
    }

    @Test
    void trunkDownByKeepaliveIsSkippedAndComesBackWhenItAnswers() {
        t = TrunkFixture.builder().optionsInterval(CARRIER1, 5).start();
        BaresipPhone bob = t.sw.registeredPhone("201", 1000);
        TrunkFixture.Carrier c1 = t.carrier(CARRIER1);
        try (SilentSipPeer down = SilentSipPeer.bind(c1.host(), c1.port());
             Sipp second = answerEcho(t, CARRIER2, Duration.ofMillis(300)).start()) {
            t.awaitTrunkUp(CARRIER1, false, DOWN_WITHIN);
            assertThat(down.requests("OPTIONS")).as("keepalives sent to carrier1: " + down.startLines()).isPositive();
            assertThat(TrunkFixture.sample(t.metrics(), "dialtone_trunk_up", "trunk", CARRIER2))
                    .as("carrier2 has no keepalive: always up").isEqualTo(1.0);

            long dialled = System.nanoTime();
            bob.dial(OUTSIDE);
            bob.awaitEvent("CALL_ESTABLISHED", T);
            assertThat((System.nanoTime() - dialled) / 1e9).as("seconds to connect: straight to carrier2")
                    .isLessThan(3.0);
            bob.awaitReceivedAudio(2.0, T);
            bob.hangup();
            assertThat(inviteReceived(assertOk(second.await(T))).requestUser()).isEqualTo(OUTSIDE);
            assertThat(down.requests("INVITE")).as("nothing but keepalives to a trunk that is down: "
                    + down.startLines()).isZero();
            assertEndsWithTone(bob.awaitFinishedRecording(1.5, T), 1000);
            assertOutsideParty(eventAbout(t.sw.events, EventType.DIAL_END, OUTSIDE).channel(), OUTSIDE, CARRIER2);
        }
        // carrier1 answers its keepalives again: the trunk is up
        try (Sipp back = t.carrier(CARRIER1, "carrier-options.xml").calls(0).timeout(Duration.ofSeconds(60)).start()) {
            t.awaitTrunkUp(CARRIER1, true, Duration.ofSeconds(15));
            assertThat(back.messages()).anySatisfy(m -> assertThat(m.isRequest("OPTIONS")).isTrue());
        }
    }
}
