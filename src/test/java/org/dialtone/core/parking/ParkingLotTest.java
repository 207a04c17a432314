package org.dialtone.core.parking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class ParkingLotTest {
    private final ParkingLot<String> lot = new ParkingLot<>(701, 710, Duration.ofSeconds(45));

    @Test void spotsAreTheConfiguredRangeWrittenPlainly() {
        assertThat(lot.contains("701")).isTrue();
        assertThat(lot.contains("710")).isTrue();
        assertThat(lot.contains("700")).isFalse();
        assertThat(lot.contains("711")).isFalse();
        assertThat(lot.contains("0701")).isFalse();
        assertThat(lot.contains("70a")).isFalse();
        assertThat(lot.contains("")).isFalse();
        assertThat(lot.contains(null)).isFalse();
        assertThat(lot.contains("99999999999999999999")).isFalse();
    }

    @Test void aSpotHoldsOneCallUntilReleasedByItsOccupant() {
        assertThat(lot.claim("703", "a")).isTrue();
        assertThat(lot.claim("703", "b")).isFalse();
        assertThat(lot.occupant("703")).contains("a");
        assertThat(lot.release("703", "b")).isFalse();
        assertThat(lot.release("703", "a")).isTrue();
        assertThat(lot.occupant("703")).isEmpty();
        assertThat(lot.claim("703", "b")).isTrue();
    }

    @Test void claimingOutsideTheLotIsAProgrammingError() {
        assertThatThrownBy(() -> lot.claim("711", "a")).hasMessageContaining("701-710");
    }

    @Test void concurrentParksIntoOneSpotHaveExactlyOneWinnerAndNobodyIsLost() throws Exception {
        for (int round = 0; round < 200; round++) {
            ParkingLot<String> l = new ParkingLot<>(701, 710, Duration.ZERO);
            int callers = 16;
            CountDownLatch start = new CountDownLatch(1);
            ConcurrentLinkedQueue<String> winners = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> losers = new ConcurrentLinkedQueue<>();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<java.util.concurrent.Future<?>> all = new ArrayList<>();
                for (int i = 0; i < callers; i++) {
                    String caller = "caller-" + i;
                    all.add(pool.submit(() -> {
                        start.await();
                        (l.claim("705", caller) ? winners : losers).add(caller);
                        return null;
                    }));
                }
                start.countDown();
                for (var f : all) f.get();
            }
            assertThat(winners).hasSize(1);
            assertThat(losers).hasSize(callers - 1);
            assertThat(l.occupant("705")).contains(winners.peek());
        }
    }
}
