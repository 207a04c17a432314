package org.dialtone.sip;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * At most one log line per period for something a remote peer can cause at will (so it cannot flood the log): the
 * caller asks {@link #pass} before it logs, and says in the line how many were left out since the last one.
 * Thread-safe.
 */
final class LogThrottle {
    private final long periodNanos;
    private final AtomicLong last;
    private final AtomicLong withheld = new AtomicLong();

    LogThrottle(Duration period) {
        this.periodNanos = period.toNanos();
        this.last = new AtomicLong(System.nanoTime() - periodNanos);
    }

    /** How many lines were withheld since the last one passed, when this one may be logged; -1 when it may not. */
    long pass() {
        long before = last.get();
        long now = System.nanoTime();
        if (now - before >= periodNanos && last.compareAndSet(before, now)) return withheld.getAndSet(0);
        withheld.incrementAndGet();
        return -1;
    }
}
