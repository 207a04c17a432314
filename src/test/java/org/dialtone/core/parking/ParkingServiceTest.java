package org.dialtone.core.parking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParkingServiceTest {
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final List<Parking<String>> timedOut = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() { timers.shutdownNow(); }

    private ParkingService<String> service(Duration timeout) {
        return new ParkingService<>(new ParkingService.Settings(701, 710, timeout), timers, Clock.systemUTC());
    }

    @Test
    void aSpotHoldsOneParkPerCustomerAndRecordsHowItEnded() {
        ParkingService<String> parking = service(Duration.ZERO);
        Parking<String> p = parking.claim("1000001", "703", "alice", "226", timedOut::add).orElseThrow();
        assertThat(parking.claim("1000001", "703", "bob", "226", timedOut::add)).as("taken").isEmpty();
        assertThat(parking.claim("2000002", "703", "carol", "200", timedOut::add)).as("another customer's lot").isPresent();
        assertThat(parking.occupant("1000001", "703")).containsSame(p);
        assertThat(p.timeoutAt()).as("never times out").isNull();
        assertThat(p.resolution()).isNull();

        assertThat(parking.end(p, ParkResolution.RETRIEVED)).isTrue();
        assertThat(parking.end(p, ParkResolution.CALLER_HUNG_UP)).as("ends once").isFalse();
        assertThat(p.resolution()).isEqualTo(ParkResolution.RETRIEVED);
        assertThat(parking.occupant("1000001", "703")).isEmpty();
        assertThat(parking.endedCount(ParkResolution.RETRIEVED)).isEqualTo(1);
        assertThat(parking.endedCount(ParkResolution.CALLER_HUNG_UP)).isZero();
        assertThat(parking.parkedNow()).isEqualTo(1);
    }

    @Test
    void spotsOutsideTheRangeAreNotSpots() {
        ParkingService<String> parking = service(Duration.ZERO);
        assertThat(parking.isSpot("701")).isTrue();
        assertThat(parking.isSpot("710")).isTrue();
        assertThat(parking.isSpot("711")).isFalse();
        assertThat(parking.isSpot("0703")).isFalse();
        assertThat(parking.occupant("1000001", "711")).isEmpty();
        assertThat(parking.range()).isEqualTo("701-710");
    }

    @Test
    void theTimeoutFiresOnceArmedAndAgainWhenRearmedButNotAfterTheEnd() {
        ParkingService<String> parking = service(Duration.ofMillis(50));
        Parking<String> p = parking.claim("1000001", "701", "alice", "226", timedOut::add).orElseThrow();
        assertThat(p.timeoutAt()).isNotNull();
        await().atMost(Duration.ofSeconds(2)).until(() -> timedOut.size() == 1);
        assertThat(timedOut).containsExactly(p);
        parking.rearm(p);
        await().atMost(Duration.ofSeconds(2)).until(() -> timedOut.size() == 2);
        parking.rearm(p);
        parking.end(p, ParkResolution.PARKER_ANSWERED);
        parking.rearm(p);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> timedOut.size() == 2);
        assertThat(parking.endedCount(ParkResolution.PARKER_ANSWERED)).isEqualTo(1);
    }
}
