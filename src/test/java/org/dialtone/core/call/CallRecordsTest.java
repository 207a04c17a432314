package org.dialtone.core.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.dialtone.core.call.CoreRig.C1;
import static org.dialtone.core.call.CoreRig.T;

import java.time.Duration;
import org.dialtone.core.call.FakeSignalling.FakeLeg;
import org.dialtone.core.channel.HangupCause;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A call's record is stored as it goes, so a crash loses nothing committed: in progress when it starts ringing, again
 * when it is answered, and final when it ends.
 */
class CallRecordsTest {
    private final CoreRig rig = new CoreRig();

    @AfterEach void close() {
        try {
            rig.awaitNoCalls();
        } finally {
            rig.close();
        }
    }

    @Test void anAnsweredCallIsStoredWhenItRingsWhenItIsAnsweredAndWhenItEnds() {
        FakeLeg alice = rig.dial("200", "201");
        FakeLeg bob = rig.port.awaitRung(C1, "201");

        CallRecord ringing = await().atMost(T).until(() -> rig.recordWrites.isEmpty() ? null : rig.recordWrites.getFirst(),
                r -> r != null);
        assertThat(ringing.disposition()).isEqualTo(CallRecord.IN_PROGRESS);
        assertThat(ringing.linkedId()).isEqualTo(CoreRig.callOf(alice).linkedId());
        assertThat(ringing.customerCode()).isEqualTo(C1);
        assertThat(ringing.fromNumber()).isEqualTo("200");
        assertThat(ringing.toNumber()).isEqualTo("201");
        assertThat(ringing.direction()).isEqualTo("internal");
        assertThat(ringing.startTime()).isNotNull();
        assertThat(ringing.answerTime()).isNull();
        assertThat(ringing.endTime()).isNull();

        bob.pickUp();
        await().atMost(T).until(() -> rig.recordWrites.stream().anyMatch(r -> r.answerTime() != null));
        CallRecord answered = rig.recordWrites.getLast();
        assertThat(answered.disposition()).isEqualTo(CallRecord.IN_PROGRESS);
        assertThat(answered.endTime()).isNull();

        bob.end(HangupCause.NORMAL);
        CallRecord ended = rig.awaitRecord();
        assertThat(ended.disposition()).isEqualTo("answered");
        assertThat(ended.answerTime()).isEqualTo(answered.answerTime());
        assertThat(ended.startTime()).isEqualTo(ringing.startTime());
        assertThat(ended.endTime()).isAfterOrEqualTo(ended.answerTime());
        assertThat(rig.recordWrites).allSatisfy(r -> assertThat(r.linkedId()).isEqualTo(ringing.linkedId()));
        assertThat(rig.recordWrites.getLast()).isEqualTo(ended);
    }

    @Test void aCallThatRingsNothingIsStoredOnceWhenItEnds() {
        rig.dial("200", "999");

        CallRecord ended = rig.awaitRecord();
        assertThat(ended.disposition()).isEqualTo("unavailable");
        assertThat(rig.recordWrites).containsExactly(ended);
    }

    @Test void anUnansweredCallIsStoredInProgressThenWithItsOutcome() {
        rig.dial("200", "201");
        FakeLeg bob = rig.port.awaitRung(C1, "201");
        await().atMost(T).until(() -> !rig.recordWrites.isEmpty());
        bob.end(HangupCause.BUSY);

        CallRecord ended = rig.awaitRecord();
        assertThat(ended.disposition()).isEqualTo("busy");
        assertThat(ended.answerTime()).isNull();
        assertThat(rig.recordWrites).extracting(CallRecord::disposition).containsExactly(CallRecord.IN_PROGRESS, "busy");
    }

    @Test void theNewestVersionOfARecordWinsUnlessItWouldReopenAnEndedCall() {
        CallRecord inProgress = new CallRecord("L", C1, "200", "201", java.time.Instant.EPOCH, null, null,
                CallRecord.IN_PROGRESS, "internal", null, null);
        CallRecord ended = new CallRecord("L", C1, "200", "201", java.time.Instant.EPOCH, null,
                java.time.Instant.EPOCH.plus(Duration.ofSeconds(5)), "busy", "internal", null, null);
        assertThat(CallRecord.newest(inProgress, ended)).isSameAs(ended);
        assertThat(CallRecord.newest(ended, inProgress)).isSameAs(ended);
        assertThat(CallRecord.newest(inProgress, inProgress)).isSameAs(inProgress);
    }
}
