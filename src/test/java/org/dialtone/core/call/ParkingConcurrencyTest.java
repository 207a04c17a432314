package org.dialtone.core.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.dialtone.core.call.CoreRig.C1;
import static org.dialtone.core.call.CoreRig.T;
import static org.dialtone.core.call.CoreRig.callOf;
import static org.dialtone.core.call.CoreRig.channel;
import static org.dialtone.core.call.CoreRig.onMailbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.dialtone.core.call.FakeSignalling.FakeLeg;
import org.dialtone.core.call.FakeSignalling.FakeMedia;
import org.dialtone.core.channel.HangupCause;
import org.dialtone.core.control.CallControlException;
import org.dialtone.core.control.CallControlException.Reason;
import org.dialtone.core.media.Prompt;
import org.dialtone.core.parking.Parking;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many API actions at once on many calls: each call serializes its own changes on its mailbox, and the parking lot
 * is the only thing calls share. A spot is never held twice, and nobody is ever dropped by a failed park.
 */
class ParkingConcurrencyTest {
    private static final int CALLS = 50;
    private final CoreRig rig = new CoreRig(Duration.ofSeconds(10), Duration.ZERO);

    @AfterEach
    void noLeak() {
        try {
            rig.awaitNoCalls();
            rig.assertAllMediaReleased();
            assertThat(rig.service.parking().parkedNow()).isZero();
        } finally {
            rig.close();
        }
    }

    @Test
    void concurrentParksIntoOneSpotHaveExactlyOneWinnerAndDropNobody() throws Exception {
        List<FakeLeg[]> calls = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) calls.add(rig.talking("200", "201"));
        List<String> ids = calls.stream().map(c -> channel(c[0]).channelId()).toList();

        Map<String, Object> results = new ConcurrentHashMap<>();
        CountDownLatch go = new CountDownLatch(1);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String id : ids) {
                pool.execute(() -> {
                    try {
                        go.await();
                        results.put(id, rig.service.park(C1, id, "701"));
                    } catch (CallControlException e) {
                        results.put(id, e.reason());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            go.countDown();
        }
        assertThat(results).hasSize(CALLS);
        assertThat(results.values().stream().filter(r -> !(r instanceof Reason)).count()).isEqualTo(1);
        assertThat(results.values().stream().filter(r -> r == Reason.SPOT_OCCUPIED).count()).isEqualTo(CALLS - 1);
        for (int i = 0; i < CALLS; i++) {
            FakeLeg[] c = calls.get(i);
            boolean won = !(results.get(ids.get(i)) instanceof Reason);
            assertThat(c[0].hangups).as("caller %d is never hung up", i).isEmpty();
            if (won) {
                assertThat(c[1].awaitHungUp()).isEqualTo(HangupCause.NORMAL);
                assertThat(c[0].media.hearing()).isEqualTo(Prompt.MUSIC_ON_HOLD);
                assertThat(rig.parkedIn("701").orElseThrow().occupant().channel().channelId()).isEqualTo(ids.get(i));
            } else {
                assertThat(c[1].hangups).as("parker %d kept", i).isEmpty();
                assertThat(c[0].media.hears(c[1].media)).as("caller %d still bridged", i).isTrue();
            }
        }
        for (FakeLeg[] c : calls) c[0].end(HangupCause.NORMAL);
    }

    @Test
    void mixedParkUnparkAndHangupNeverDoubleBookASpotNorLoseACaller() throws Exception {
        // 202 answers most unparks and is busy for the rest, like a busy receptionist
        rig.port.behaviour(C1, "202", (leg, n) -> {
            if (ThreadLocalRandom.current().nextInt(10) < 7) leg.pickUp();
            else leg.end(HangupCause.BUSY);
        });
        List<FakeLeg> callers = new ArrayList<>();
        for (int i = 0; i < 30; i++) callers.add(rig.talking("200", "201")[0]);
        List<String> ids = callers.stream().map(l -> channel(l).channelId()).toList();
        AtomicInteger parks = new AtomicInteger();
        AtomicInteger unparks = new AtomicInteger();
        Map<Object, AtomicInteger> outcomes = new ConcurrentHashMap<>();

        for (int round = 0; round < 12; round++) { // rounds, so that unparks find parked calls
            CountDownLatch go = new CountDownLatch(1);
          try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int op = 0; op < 50; op++) {
                pool.execute(() -> {
                    var random = ThreadLocalRandom.current();
                    int i = random.nextInt(callers.size());
                    String spot = Integer.toString(701 + random.nextInt(10));
                    Object outcome;
                    try {
                        go.await();
                        int kind = random.nextInt(100);
                        if (kind < 60) {
                            rig.service.park(C1, ids.get(i), spot);
                            outcome = "parked";
                            parks.incrementAndGet();
                        } else if (kind < 98) {
                            rig.service.unpark(C1, spot, "202");
                            outcome = "unparking";
                            unparks.incrementAndGet();
                        } else {
                            FakeLeg caller = callers.get(i);
                            synchronized (caller) {
                                if (!caller.endedByPhone) caller.end(HangupCause.NORMAL);
                            }
                            outcome = "hangup";
                        }
                    } catch (CallControlException e) {
                        outcome = e.reason();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                });
            }
            go.countDown();
          }
        }
        assertThat(outcomes.keySet()).as("outcomes %s", outcomes)
                .allMatch(o -> o instanceof String || o == Reason.SPOT_OCCUPIED || o == Reason.NOT_FOUND
                        || o == Reason.INVALID_STATE);
        assertThat(parks.get()).as("some parks succeeded: %s", outcomes).isPositive();
        assertThat(unparks.get()).as("some unparks succeeded: %s", outcomes).isPositive();

        await("consistent lot and callers").atMost(T).pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> assertConsistent(callers));
        for (FakeLeg caller : callers) {
            synchronized (caller) {
                if (!caller.endedByPhone) caller.end(HangupCause.NORMAL);
            }
        }
    }

    private void assertConsistent(List<FakeLeg> callers) {
        int parkedCalls = 0;
        for (String spot : List.of("701", "702", "703", "704", "705", "706", "707", "708", "709", "710")) {
            Parking<ParkedChannel> p = rig.parkedIn(spot).orElse(null);
            if (p == null) continue;
            Call call = p.occupant().call();
            boolean consistent = onMailbox(call, () -> call.parking() == p && !p.occupant().channel().isGone()
                    && call.peerOf(p.occupant().channel()) == null);
            assertThat(consistent).as("spot %s holds the call's current park, alive and unbridged", spot).isTrue();
        }
        for (FakeLeg caller : callers) {
            assertThat(caller.hangups).as("%s never dropped by the switch", caller).isEmpty();
            if (caller.endedByPhone) continue;
            Call call = callOf(caller);
            Parking<ParkedChannel> p = onMailbox(call, () -> call.parking());
            if (p != null) {
                parkedCalls++;
                assertThat(rig.parkedIn(p.spot())).as("%s's spot", caller).containsSame(p);
                assertThat(caller.media.hearing()).isEqualTo(Prompt.MUSIC_ON_HOLD);
            } else {
                assertThat(caller.media.hearing()).as("%s is bridged", caller).isInstanceOf(FakeMedia.class);
                assertThat(caller.media.hears((FakeMedia) caller.media.hearing())).isTrue();
            }
        }
        assertThat(rig.service.parking().parkedNow()).as("one spot per parked call").isEqualTo(parkedCalls);
    }
}
