package org.dialtone.core.writebehind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The write-behind queue against a fake storage that can block, fail, or refuse one change for ever. */
class WriteBehindQueueTest {
    private static final Duration T = Duration.ofSeconds(5);

    /** A change: {@code key=version}. */
    record Change(String key, int version) {
        @Override public String toString() { return key + version; }
    }

    private final List<List<Change>> writes = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private WriteBehindQueue<String, Change> queue;

    @AfterEach void close() { if (queue != null) queue.close(Duration.ofSeconds(1)); }

    private WriteBehindQueue<String, Change> queue(int capacity, Consumer<List<Change>> store, Runnable before) {
        queue = new WriteBehindQueue<>(new WriteBehindQueue.Settings("test-writes", capacity, 10, Duration.ofMillis(1),
                Duration.ofMillis(20)), Change::key, (pending, newer) -> newer, store, before);
        return queue;
    }

    /** Storage that stores into {@link #writes}, the first write waiting until {@code release} opens. */
    private Consumer<List<Change>> blockingFirstWrite(CountDownLatch entered, CountDownLatch release) {
        return batch -> {
            if (writes.isEmpty()) {
                entered.countDown();
                try {
                    if (!release.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            writes.add(List.copyOf(batch));
        };
    }

    @Test void changesOfOneKeyAreCoalescedWhileStorageIsBusyAndWrittenInBatches() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        queue(100, blockingFirstWrite(entered, release), null);

        queue.offer(new Change("a", 1));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue(); // a1 is being written
        queue.offer(new Change("a", 2));
        queue.offer(new Change("b", 1));
        queue.offer(new Change("a", 3));
        assertThat(queue.depth()).isEqualTo(2);
        release.countDown();

        await().atMost(T).until(() -> queue.depth() == 0);
        assertThat(writes).containsExactly(List.of(new Change("a", 1)), List.of(new Change("a", 3), new Change("b", 1)));
        assertThat(queue.written()).isEqualTo(3);
        assertThat(queue.dropped()).isZero();
    }

    @Test void aFullQueueNeverBlocksTheCallerItDropsNewKeysAndStillCoalescesPendingOnes() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        queue(2, blockingFirstWrite(entered, release), null);
        queue.offer(new Change("a", 1));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(queue.offer(new Change("b", 1))).isTrue();

        long started = System.nanoTime();
        assertThat(queue.offer(new Change("c", 1))).as("a third key while two are pending").isFalse();
        assertThat(queue.offer(new Change("a", 2))).as("a pending key takes no new slot").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
        assertThat(queue.dropped()).isEqualTo(1);
        release.countDown();

        await().atMost(T).until(() -> queue.depth() == 0);
        assertThat(writes.stream().flatMap(List::stream)).containsExactly(new Change("a", 1), new Change("a", 2),
                new Change("b", 1));
    }

    @Test void failedWritesAreRetriedWithBackOffUntilStorageRecoversAndNothingIsLost() {
        AtomicInteger attempts = new AtomicInteger();
        queue(100, batch -> {
            if (attempts.incrementAndGet() <= 5) throw new IllegalStateException("database is locked");
            writes.add(List.copyOf(batch));
        }, null);
        for (int i = 0; i < 20; i++) queue.offer(new Change("k" + i, 1));

        await().atMost(T).until(() -> queue.depth() == 0);
        assertThat(queue.failures()).isEqualTo(5);
        assertThat(writes.stream().flatMap(List::stream).map(Change::key).distinct()).hasSize(20);
        assertThat(writes.stream().mapToInt(List::size).sum()).as("each change stored once").isEqualTo(20);
        assertThat(queue.dropped()).isZero();
    }

    @Test void aChangeStorageAlwaysRefusesDoesNotHoldUpTheOthers() {
        queue(100, batch -> {
            if (batch.stream().anyMatch(c -> c.key().equals("poison"))) throw new IllegalArgumentException("refused");
            writes.add(List.copyOf(batch));
        }, null);
        queue.offer(new Change("poison", 1));
        queue.offer(new Change("a", 1));
        queue.offer(new Change("b", 1));

        await().atMost(T).until(() -> writes.stream().mapToInt(List::size).sum() == 2);
        assertThat(writes.stream().flatMap(List::stream)).containsExactlyInAnyOrder(new Change("a", 1), new Change("b", 1));
        assertThat(queue.depth()).as("the refused change is kept, and retried").isEqualTo(1);
        await().atMost(T).until(() -> queue.failures() >= 3);
    }

    @Test void theFirstTaskRunsBeforeAnyWriteAndIsRetriedToo() {
        AtomicInteger tries = new AtomicInteger();
        queue(100, batch -> log.add("write " + batch), () -> {
            log.add("before #" + tries.incrementAndGet());
            if (tries.get() < 3) throw new IllegalStateException("database is locked");
        });
        queue.offer(new Change("a", 1));

        await().atMost(T).until(() -> queue.depth() == 0);
        assertThat(log).containsExactly("before #1", "before #2", "before #3", "write [a1]");
    }

    @Test void closeStoresWhatIsPendingThenRefusesChanges() {
        queue(100, batch -> writes.add(List.copyOf(batch)), null);
        for (int i = 0; i < 50; i++) queue.offer(new Change("k" + i, 1));

        assertThat(queue.close(T)).isTrue();
        assertThat(writes.stream().mapToInt(List::size).sum()).isEqualTo(50);
        assertThat(queue.offer(new Change("late", 1))).isFalse();
    }

    @Test void closeGivesUpOnStorageThatNeverRecovers() {
        queue(100, batch -> { throw new IllegalStateException("disk full"); }, null);
        queue.offer(new Change("a", 1));

        long started = System.nanoTime();
        assertThat(queue.close(Duration.ofMillis(200))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(queue.depth()).isEqualTo(1);
    }
}
