package org.dialtone.core.call;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The concurrent calls of each customer, so that one customer cannot take every call the switch can carry: a call
 * counts from the moment it is created until it ends, whatever its direction (a phone's, an originate, a call from
 * the network to one of the customer's numbers). Starting a call beyond the limit is refused, logged and counted.
 * Thread-safe; the check and the count are one atomic step, so concurrent calls cannot overshoot the limit.
 */
final class CustomerCalls {
    private static final Logger log = LoggerFactory.getLogger(CustomerCalls.class);

    private final int max;
    private final ConcurrentHashMap<String, Integer> byCustomer = new ConcurrentHashMap<>();
    /** linked id → customer of every counted call: ending a call twice (or one never counted) changes nothing. */
    private final ConcurrentHashMap<String, String> counted = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();

    /** @param max concurrent calls per customer; 0: no limit (calls are still counted) */
    CustomerCalls(int max) {
        if (max < 0) throw new IllegalArgumentException("max must be 0 (no limit) or more");
        this.max = max;
    }

    /** Counts call {@code linkedId} of {@code customerCode}; false (nothing counted) when the customer is at its limit. */
    boolean tryStart(String customerCode, String linkedId) {
        boolean[] admitted = {false};
        byCustomer.compute(customerCode, (code, n) -> {
            int now = n == null ? 0 : n;
            if (max > 0 && now >= max) return n;
            admitted[0] = true;
            return now + 1;
        });
        if (admitted[0]) {
            counted.put(linkedId, customerCode);
            return true;
        }
        refused.incrementAndGet();
        log.warn("customer {} is at its limit of {} concurrent calls (limits.max_calls_per_customer): new call refused",
                customerCode, max);
        return false;
    }

    /** Call {@code linkedId} ended (or was discarded): it no longer counts. Idempotent. */
    void ended(String linkedId) {
        String customerCode = counted.remove(linkedId);
        if (customerCode == null) return;
        byCustomer.computeIfPresent(customerCode, (code, n) -> n <= 1 ? null : n - 1);
    }

    /** Concurrent calls of {@code customerCode} now. */
    int of(String customerCode) { return byCustomer.getOrDefault(customerCode, 0); }

    /** The limit per customer; 0: none. */
    int max() { return max; }

    /** New calls refused because their customer was at its limit, since start. */
    long refused() { return refused.get(); }
}
