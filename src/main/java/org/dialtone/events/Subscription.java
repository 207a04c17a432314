package org.dialtone.events;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.dialtone.core.event.ChannelEvent;
import org.dialtone.core.event.EventBus.SequencedEvent;

/**
 * One subscriber's view of a customer's events: the missed events to replay first ({@link #replay()}, preceded by a
 * {@link #gap()} notice when some were lost), then live events through a bounded queue that its own writer drains
 * with {@link #next}. The publisher only ever {@linkplain #offer offers}; when the queue is full the subscription is
 * closed as {@link CloseReason#SLOW}. When the server ends a subscription on its own (too slow, or its token or
 * customer {@linkplain CloseReason#REVOKED revoked}), its {@code onForcedClose} hook runs (on a new virtual thread) to
 * cut the connection, so a writer blocked on a client that stopped reading fails too.
 */
public final class Subscription implements AutoCloseable {
    public enum CloseReason { CLIENT, SLOW, SHUTDOWN, REVOKED }

    private final String customerCode;
    private final String tokenHash;
    private final Predicate<ChannelEvent> filter;
    private final int capacity;
    private final Consumer<Subscription> onClose;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<SequencedEvent> queue = new ArrayDeque<>();
    private List<SequencedEvent> replay = List.of();
    private Gap gap;
    private CloseReason closed;
    private volatile Runnable onForcedClose = () -> {};

    Subscription(String customerCode, String tokenHash, Predicate<ChannelEvent> filter, int capacity,
                 Consumer<Subscription> onClose) {
        this.customerCode = customerCode;
        this.tokenHash = tokenHash;
        this.filter = filter;
        this.capacity = capacity;
        this.onClose = onClose;
    }

    public String customerCode() { return customerCode; }

    /** The SHA-256 hex of the API token that opened this subscription; null when none was given. */
    public String tokenHash() { return tokenHash; }

    /** Buffered events the subscriber missed, oldest first, already filtered. */
    public List<SequencedEvent> replay() { return replay; }

    /** Set when the subscriber's last event id is older than the buffer (or unknown); null otherwise. */
    public Gap gap() { return gap; }

    void startWith(List<SequencedEvent> missed, Gap gap) {
        this.replay = missed.stream().filter(e -> filter.test(e.event())).toList();
        this.gap = gap;
    }

    boolean wants(ChannelEvent event) { return filter.test(event); }

    /** What to run when the server ends this subscription, as slow or revoked (e.g. abort the TCP connection). */
    public void onForcedClose(Runnable hook) { this.onForcedClose = hook; }

    enum Offer { QUEUED, OVERFLOW, CLOSED }

    /** Queues a live event without blocking; on a full queue the subscription is closed as slow ({@code OVERFLOW}). */
    Offer offer(SequencedEvent event) {
        lock.lock();
        try {
            if (closed != null) return Offer.CLOSED;
            if (queue.size() < capacity) {
                queue.add(event);
                changed.signal();
                return Offer.QUEUED;
            }
            closed = CloseReason.SLOW;
            queue.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        Thread.startVirtualThread(onForcedClose);
        return Offer.OVERFLOW;
    }

    /**
     * The next live event, waiting at most {@code timeout}; null when the wait timed out or the subscription is closed
     * (check {@link #closeReason()}).
     */
    public SequencedEvent next(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (queue.isEmpty() && closed == null) {
                if (nanos <= 0) return null;
                nanos = changed.awaitNanos(nanos);
            }
            return closed != null ? null : queue.poll();
        } finally {
            lock.unlock();
        }
    }

    /** Why the subscription ended, or null while it is open. */
    public CloseReason closeReason() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    void close(CloseReason reason) {
        boolean first;
        lock.lock();
        try {
            first = closed == null;
            if (first) closed = reason;
            if (reason == CloseReason.REVOKED) queue.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (first && reason == CloseReason.REVOKED) Thread.startVirtualThread(onForcedClose);
        onClose.accept(this);
    }

    /** The subscriber is done (client went away or the writer finished); unsubscribes. */
    @Override
    public void close() { close(CloseReason.CLIENT); }
}
