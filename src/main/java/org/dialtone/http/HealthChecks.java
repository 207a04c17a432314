package org.dialtone.http;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The named checks behind {@code /health}, each run at most once per {@link #CACHE_FOR}: a client polling
 * {@code /health} in a loop (or many clients at once) costs one database query and one SIP probe per period, not one
 * per request. A check that throws counts as down. Concurrent requests wait for the one run in progress rather than
 * start their own. Thread-safe.
 */
final class HealthChecks {
    static final Duration CACHE_FOR = Duration.ofSeconds(3);
    private static final Logger log = LoggerFactory.getLogger(HealthChecks.class);

    private static final class Cached {
        final ReentrantLock lock = new ReentrantLock();
        final BooleanSupplier check;
        volatile boolean up;
        volatile long checkedAtNanos;
        volatile boolean checked;

        Cached(BooleanSupplier check) { this.check = check; }
    }

    private final Map<String, Cached> checks = new LinkedHashMap<>();
    private final long cacheForNanos;
    private final LongSupplier nanoTime;

    HealthChecks(Map<String, BooleanSupplier> checks) { this(checks, CACHE_FOR, System::nanoTime); }

    HealthChecks(Map<String, BooleanSupplier> checks, Duration cacheFor, LongSupplier nanoTime) {
        checks.forEach((name, check) -> this.checks.put(name, new Cached(check)));
        this.cacheForNanos = cacheFor.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Each check's result, in the order given, run now if its cached result is older than {@link #CACHE_FOR}. */
    Map<String, Boolean> results() {
        Map<String, Boolean> out = new LinkedHashMap<>();
        checks.forEach((name, cached) -> out.put(name, result(name, cached)));
        return out;
    }

    private boolean result(String name, Cached c) {
        if (fresh(c)) return c.up;
        c.lock.lock();
        try {
            if (fresh(c)) return c.up; // another request ran it while this one waited
            boolean up;
            try {
                up = c.check.getAsBoolean();
            } catch (RuntimeException e) {
                log.warn("health check {} failed: {}", name, e.toString());
                up = false;
            }
            c.up = up;
            c.checkedAtNanos = nanoTime.getAsLong();
            c.checked = true;
            return up;
        } finally {
            c.lock.unlock();
        }
    }

    private boolean fresh(Cached c) {
        return c.checked && nanoTime.getAsLong() - c.checkedAtNanos < cacheForNanos;
    }
}
