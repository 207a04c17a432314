package org.dialtone.core.writebehind;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes bound for storage, written behind on one thread of their own, so that no call, SIP or HTTP thread ever waits
 * on the database. Storage-agnostic: it knows keys, values and a write function, nothing of SQL.
 * <ul>
 *   <li><b>Coalescing.</b> One pending change per key: a newer change replaces the pending one (as {@code merge} decides),
 *       so a call's start, answer and end take one slot, and one write when storage is behind.</li>
 *   <li><b>Bounded.</b> At most {@code capacity} keys pending. A change for a key not pending while full is dropped,
 *       counted ({@link #dropped()}) and logged at ERROR (at most every 10 s): the caller never blocks.</li>
 *   <li><b>Retried.</b> A failed write is retried with back-off (doubling from {@code minBackoff} to
 *       {@code maxBackoff}), never dropped. After a failure changes are written one at a time, a failing one moving to
 *       the back, so one change that storage always refuses cannot hold up the others; a success returns to batches.</li>
 * </ul>
 * {@code beforeFirstWrite} (may be null) runs on the writer thread before any write, retried the same way: e.g. closing
 * what an earlier run left open before this run writes anything.
 *
 * @param <K> what identifies a change (a call's linked id, a registration's user and contact)
 * @param <V> the change
 */
public final class WriteBehindQueue<K, V> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WriteBehindQueue.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    /**
     * @param name       the writer thread's name, and what log lines call the queue
     * @param capacity   the most keys pending at once
     * @param batchSize  the most changes handed to one write
     * @param minBackoff the wait after a first failure; it doubles with each failure in a row
     * @param maxBackoff the longest wait between two attempts
     */
    public record Settings(String name, int capacity, int batchSize, Duration minBackoff, Duration maxBackoff) {
        public Settings {
            Objects.requireNonNull(name, "name");
            if (capacity < 1 || batchSize < 1) throw new IllegalArgumentException("capacity and batch size must be >= 1");
            if (minBackoff.isNegative() || maxBackoff.compareTo(minBackoff) < 0) {
                throw new IllegalArgumentException("need 0 <= minBackoff <= maxBackoff");
            }
        }
    }

    private final Settings settings;
    private final Function<V, K> keyOf;
    private final BinaryOperator<V> merge;
    private final Consumer<List<V>> write;
    private final Runnable beforeFirstWrite;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final LinkedHashMap<K, V> pending = new LinkedHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread writer;
    private boolean closing;
    private volatile boolean abandoned;
    private long lastDropLog;
    private long droppedSinceLog;

    /**
     * @param keyOf the key of a change
     * @param merge (pending, newer) → the change to keep pending for their key
     * @param write stores a batch of changes, all or nothing, or throws; called on the writer thread only
     */
    public WriteBehindQueue(Settings settings, Function<V, K> keyOf, BinaryOperator<V> merge, Consumer<List<V>> write,
                            Runnable beforeFirstWrite) {
        this.settings = settings;
        this.keyOf = keyOf;
        this.merge = merge;
        this.write = write;
        this.beforeFirstWrite = beforeFirstWrite;
        this.writer = Thread.ofPlatform().name(settings.name()).daemon().unstarted(this::run);
        writer.start();
    }

    /**
     * Queues {@code change} (any thread, never blocks). Returns false when it was dropped: the queue is full and holds
     * nothing for its key, or the queue is closed.
     */
    public boolean offer(V change) {
        K key = keyOf.apply(change);
        lock.lock();
        try {
            if (closing) return refuse("closed");
            V current = pending.get(key);
            if (current != null) {
                pending.put(key, merge.apply(current, change)); // keeps the key's place in line
            } else if (pending.size() >= settings.capacity()) {
                return refuse("full (" + settings.capacity() + " pending)");
            } else {
                pending.put(key, change);
            }
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private boolean refuse(String why) {
        dropped.incrementAndGet();
        droppedSinceLog++;
        long now = System.nanoTime();
        if (lastDropLog == 0 || now - lastDropLog >= LOG_EVERY_NANOS) {
            log.error("{}: {} change(s) dropped, queue {}; storage is not keeping up", settings.name(),
                    droppedSinceLog, why);
            lastDropLog = now;
            droppedSinceLog = 0;
        }
        return false;
    }

    /** Keys with a change not yet stored (including one being written now). */
    public int depth() {
        lock.lock();
        try {
            return pending.size();
        } finally {
            lock.unlock();
        }
    }

    /** Changes dropped because the queue was full (or closed) since start. */
    public long dropped() { return dropped.get(); }

    /** Failed write attempts since start (each retried). */
    public long failures() { return failures.get(); }

    /** Changes stored since start. */
    public long written() { return written.get(); }

    public Settings settings() { return settings; }

    private void run() {
        Backoff backoff = new Backoff();
        if (beforeFirstWrite != null) {
            while (!abandoned) {
                try {
                    beforeFirstWrite.run();
                    backoff.succeeded();
                    break;
                } catch (RuntimeException e) {
                    backoff.failed(e);
                }
            }
        }
        while (!abandoned) {
            List<Map.Entry<K, V>> batch = next(backoff.inARow == 0 ? settings.batchSize() : 1);
            if (batch == null) return;
            List<V> changes = new ArrayList<>(batch.size());
            for (Map.Entry<K, V> e : batch) changes.add(e.getValue());
            try {
                write.accept(changes);
            } catch (RuntimeException e) {
                if (batch.size() == 1) moveToBack(batch.get(0));
                backoff.failed(e);
                continue;
            }
            written.addAndGet(changes.size());
            lock.lock();
            try {
                for (Map.Entry<K, V> e : batch) pending.remove(e.getKey(), e.getValue()); // unless replaced meanwhile
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            backoff.succeeded();
        }
    }

    /** The first {@code max} pending changes (left pending until stored); null once closed and drained. */
    private List<Map.Entry<K, V>> next(int max) {
        lock.lock();
        try {
            while (pending.isEmpty()) {
                if (closing) return null;
                changed.awaitUninterruptibly();
            }
            List<Map.Entry<K, V>> batch = new ArrayList<>(Math.min(max, pending.size()));
            for (Map.Entry<K, V> e : pending.entrySet()) {
                if (batch.size() == max) break;
                batch.add(Map.entry(e.getKey(), e.getValue()));
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private void moveToBack(Map.Entry<K, V> entry) {
        lock.lock();
        try {
            if (pending.get(entry.getKey()) == entry.getValue()) {
                pending.remove(entry.getKey());
                pending.put(entry.getKey(), entry.getValue());
            }
        } finally {
            lock.unlock();
        }
    }

    /** Failures in a row, the wait before the next attempt, and what is logged about them. */
    private final class Backoff {
        int inARow;
        long firstFailure;
        long lastLog;

        void failed(RuntimeException e) {
            failures.incrementAndGet();
            long now = System.nanoTime();
            if (inARow == 0) {
                firstFailure = now;
                lastLog = now;
                log.error("{}: storage write failed, retrying with back-off ({} pending): {}", settings.name(),
                        depth(), rootCause(e));
            } else if (now - lastLog >= LOG_EVERY_NANOS) {
                lastLog = now;
                log.error("{}: storage still failing after {} attempt(s) in {} s ({} pending): {}", settings.name(),
                        inARow + 1, TimeUnit.NANOSECONDS.toSeconds(now - firstFailure), depth(), rootCause(e));
            }
            inARow++;
            long wait = settings.minBackoff().toNanos() << Math.min(inARow - 1, 20);
            pause(Math.min(wait, settings.maxBackoff().toNanos()));
        }

        void succeeded() {
            if (inARow > 0) {
                log.info("{}: storage writes succeed again after {} failed attempt(s) in {} s ({} pending)",
                        settings.name(), inARow, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - firstFailure),
                        depth());
            }
            inARow = 0;
        }

        private void pause(long nanos) {
            lock.lock();
            try {
                long left = nanos;
                while (left > 0 && !abandoned) left = changed.awaitNanos(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        }
    }

    /** The innermost cause, which says what storage said (the outer ones repeat the statement and its values). */
    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.toString();
    }

    /**
     * Stops taking changes and writes what is pending for up to {@code timeout}; what is still pending then is given up
     * (logged at ERROR with the count). Returns whether everything was written.
     */
    public boolean close(Duration timeout) {
        lock.lock();
        try {
            closing = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            writer.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!writer.isAlive()) return true;
        abandoned = true;
        writer.interrupt();
        int left = depth();
        log.error("{}: storage did not take {} pending change(s) within {} s of shutdown; they are lost",
                settings.name(), left, timeout.toSeconds());
        return false;
    }

    /** {@link #close(Duration)} with 5 s. */
    @Override
    public void close() { close(Duration.ofSeconds(5)); }
}
