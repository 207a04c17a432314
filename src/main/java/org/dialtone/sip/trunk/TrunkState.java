package org.dialtone.sip.trunk;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.dialtone.core.trunk.Trunk;

/**
 * The live state of one trunk: up or down (OPTIONS keepalive), registered or not (REGISTER client), the channels it
 * carries now (against {@code max_channels}), and counters for metrics. Thread-safe; every method is cheap.
 */
public final class TrunkState {
    private final Trunk trunk;
    private volatile boolean up;
    private volatile boolean registered;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong calls = new AtomicLong();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
    private final List<Consumer<String>> newCauseListeners = new CopyOnWriteArrayList<>();

    public TrunkState(Trunk trunk) {
        this.trunk = trunk;
        this.up = true; // until a keepalive says otherwise; a trunk without keepalive is always up
    }

    public Trunk trunk() { return trunk; }
    public String name() { return trunk.name(); }

    public boolean isUp() { return up; }
    public void markUp(boolean up) { this.up = up; }

    public boolean isRegistered() { return registered; }
    public void markRegistered(boolean registered) { this.registered = registered; }

    /** Takes one channel if the trunk is up and below its limit; every true must be paired with {@link #releaseChannel}. */
    public boolean tryAcquireChannel() {
        return acquire(true);
    }

    /**
     * Takes one channel for a call the carrier sends us, if the trunk is below its limit: a trunk our keepalive
     * believes down is evidently reachable when it sends a call. Pair every true with {@link #releaseChannel}.
     */
    public boolean tryAcquireInboundChannel() {
        return acquire(false);
    }

    private boolean acquire(boolean needUp) {
        if (needUp && !up) return false;
        int max = trunk.maxChannels();
        while (true) {
            int now = active.get();
            if (max > 0 && now >= max) return false;
            if (active.compareAndSet(now, now + 1)) {
                calls.incrementAndGet();
                return true;
            }
        }
    }

    public void releaseChannel() { active.decrementAndGet(); }

    /** Whether a call could be placed now (up and below the channel limit), without taking a channel. */
    public boolean available() {
        int max = trunk.maxChannels();
        return up && (max <= 0 || active.get() < max);
    }

    public int activeChannels() { return active.get(); }
    public long callsTotal() { return calls.get(); }

    /** Counts a failed call attempt by cause ({@code busy}, {@code no_answer}, {@code invalid_number}, {@code timeout}, {@code 503}, ...). */
    public void recordFailure(String cause) {
        AtomicLong count = failures.get(cause);
        if (count == null) {
            AtomicLong created = new AtomicLong();
            count = failures.putIfAbsent(cause, created);
            if (count == null) {
                count = created;
                for (Consumer<String> l : newCauseListeners) l.accept(cause);
            }
        }
        count.incrementAndGet();
    }

    /** {@code listener} is told each cause the first time it is recorded (metrics register a counter for it). */
    public void onNewFailureCause(Consumer<String> listener) { newCauseListeners.add(listener); }

    public Map<String, AtomicLong> failures() { return failures; }
}
