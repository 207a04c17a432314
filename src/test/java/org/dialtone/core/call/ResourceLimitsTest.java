package org.dialtone.core.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.dialtone.core.call.CoreRig.C1;
import static org.dialtone.core.call.CoreRig.C2;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.dialtone.core.call.FakeSignalling.FakeLeg;
import org.dialtone.core.channel.HangupCause;
import org.dialtone.core.control.CallControl.Originated;
import org.dialtone.core.control.CallControlException;
import org.dialtone.core.control.CallControlException.Reason;
import org.junit.jupiter.api.Test;

/** The core's resource caps: calls per customer, hold time, busy accounts, and originates nobody waits for. */
class ResourceLimitsTest {
    private static CallService.Settings settings(int maxCallsPerCustomer, Duration maxHold) {
        return new CallService.Settings(Duration.ofSeconds(30), Duration.ofMinutes(10), 701, 710, Duration.ZERO,
                maxCallsPerCustomer, maxHold);
    }

    @Test
    void aCustomerAtItsLimitGetsNoNewCallUntilOneEndsWhileOtherCustomersGoOn() {
        try (CoreRig rig = new CoreRig(settings(1, Duration.ZERO))) {
            FakeLeg[] first = rig.talking("200", "201");

            FakeLeg refused = rig.port.inbound("202");
            assertThat(rig.service.incoming(rig.ext(C1, "202"), "226", refused)).as("a phone's second call").isNull();
            assertThatThrownBy(() -> rig.service.originate(C1, "226", "202"))
                    .isInstanceOfSatisfying(CallControlException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
                        assertThat(e.getMessage()).contains("1000001", "limit of 1 concurrent calls");
                    });
            assertThat(rig.port.hasUnclaimed(C1, "226")).as("nothing rang").isFalse();
            FakeLeg otherCustomer = rig.port.inbound("200");
            assertThat(rig.service.incoming(rig.ext(C2, "200"), "555", otherCustomer)).as("customer 2").isNotNull();
            assertThat(first[0].media.hears(first[1].media)).as("the first call goes on").isTrue();
            assertThat(rig.service.callsRefusedForCustomerLimit()).isEqualTo(2);

            first[0].end(HangupCause.NORMAL);
            await().atMost(CoreRig.T).until(() -> rig.service.callsOf(C1) == 0);
            FakeLeg again = rig.dial("202", "226");
            assertThat(rig.port.awaitRung(C1, "226")).isNotNull();
            again.end(HangupCause.NORMAL);
            rig.awaitNoCalls();
            assertThat(rig.service.callsOf(C1)).isZero();
        }
    }

    @Test
    void aLegOnHoldLongerThanTheMaximumIsHungUpThoughItsPeerStillSends() {
        try (CoreRig rig = new CoreRig(settings(0, Duration.ofSeconds(1)))) {
            FakeLeg[] call = rig.talking("200", "201");
            call[0].media.heldSince = System.nanoTime();
            call[0].media.held = true;

            assertThat(call[0].awaitHungUp()).isEqualTo(HangupCause.MEDIA_TIMEOUT);
            assertThat(call[1].awaitHungUp()).isEqualTo(HangupCause.NORMAL);
            rig.awaitNoCalls();
        }
    }

    @Test
    void anAccountAtItsLimitIsBusyForACallerAndUnavailableForAnOriginate() {
        try (CoreRig rig = new CoreRig()) {
            rig.port.atLimit.add(C1 + "/201");
            FakeLeg caller = rig.dial("200", "201");
            assertThat(caller.awaitHungUp()).isEqualTo(HangupCause.BUSY);
            assertThatThrownBy(() -> rig.service.originate(C1, "201", "202"))
                    .isInstanceOfSatisfying(CallControlException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
                        assertThat(e.getMessage()).contains("Extension 201", "limit of concurrent calls");
                    });
            rig.awaitNoCalls();
        }
    }

    @Test
    void anOriginateNobodyWaitsForAnyMoreStopsRinging() {
        try (CoreRig rig = new CoreRig()) {
            Originated o = rig.service.originate(C1, "226", "201");
            FakeLeg a = rig.port.awaitRung(C1, "226");
            a.ring();

            o.answered().toCompletableFuture().completeExceptionally(new TimeoutException("the sync wait ended"));

            assertThat(a.awaitHungUp()).isEqualTo(HangupCause.NO_ANSWER);
            rig.awaitNoCalls();
            assertThat(rig.port.hasUnclaimed(C1, "201")).as("the target never rang").isFalse();
        }
    }

    @Test
    void anOriginateAnsweredAfterItsWaiterGaveUpIsHungUpNotConnected() {
        try (CoreRig rig = new CoreRig()) {
            Originated o = rig.service.originate(C1, "226", "201");
            FakeLeg a = rig.port.awaitRung(C1, "226");
            o.answered().toCompletableFuture().complete(org.dialtone.core.control.CallControl.Outcome.FAILED);

            a.pickUp();

            assertThat(a.awaitHungUp()).isEqualTo(HangupCause.NORMAL);
            rig.awaitNoCalls();
            assertThat(rig.port.hasUnclaimed(C1, "201")).as("the target never rang").isFalse();
        }
    }
}
