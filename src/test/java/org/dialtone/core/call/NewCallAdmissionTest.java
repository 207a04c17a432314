package org.dialtone.core.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.dialtone.core.call.CoreRig.C1;
import static org.dialtone.core.call.CoreRig.T;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.dialtone.core.call.FakeSignalling.FakeLeg;
import org.dialtone.core.channel.HangupCause;
import org.dialtone.core.control.CallControl.Originated;
import org.dialtone.core.control.CallControl.Outcome;
import org.dialtone.core.control.CallControlException;
import org.dialtone.core.control.CallControlException.Reason;
import org.dialtone.core.load.Admission.Refusal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Overload control in the core: originate is refused while the switch sheds load; calls already up go on. */
class NewCallAdmissionTest {
    private final CoreRig rig = new CoreRig(Duration.ofSeconds(5), Duration.ZERO);
    private final AtomicReference<Refusal> shedding = new AtomicReference<>();

    NewCallAdmissionTest() {
        rig.service.admission(() -> Optional.ofNullable(shedding.get()));
    }

    @AfterEach
    void noLeak() {
        try {
            rig.awaitNoCalls();
            rig.assertAllMediaReleased();
        } finally {
            rig.close();
        }
    }

    @Test
    void originateWhileSheddingIsUnavailableWithARetryTimeAndRingsNothing() {
        shedding.set(new Refusal("calls 10 >= 10", Duration.ofSeconds(7)));

        assertThatThrownBy(() -> rig.service.originate(C1, "226", "201"))
                .isInstanceOfSatisfying(CallControlException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
                    assertThat(e.getMessage()).contains("overloaded").contains("7 s");
                });
        assertThat(rig.port.allLegs).isEmpty();
        assertThat(rig.events).isEmpty();
        assertThat(rig.service.callsStarted()).isZero();
        assertThat(rig.service.newCallRefusal()).isPresent();
    }

    @Test
    void aCallAlreadyUpGoesOnWhileSheddingAndOriginateWorksAgainAfterwards() throws Exception {
        Originated first = rig.service.originate(C1, "226", "201");
        FakeLeg reception = rig.port.awaitRung(C1, "226");
        reception.pickUp();
        assertThat(first.answered().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(Outcome.ANSWERED);
        FakeLeg bob = rig.port.awaitRung(C1, "201");

        shedding.set(new Refusal("heap 90% >= 85%", Duration.ofSeconds(5)));
        bob.pickUp();
        await().atMost(T).until(() -> reception.media.hears(bob.media));
        bob.end(HangupCause.NORMAL);
        assertThat(reception.awaitHungUp()).isEqualTo(HangupCause.NORMAL);

        shedding.set(null);
        rig.service.originate(C1, "226", "202");
        rig.port.awaitRung(C1, "226").end(HangupCause.BUSY);
    }
}
