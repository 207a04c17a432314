package org.dialtone.sip;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The calls each SIP account's devices are in, bounded by {@code limits.max_calls_per_account}. A call takes one of
 * the account's slots from the moment it is accepted from a device, or a device of the account starts ringing for
 * it, until it ends; a call ringing several accounts (a ring group) holds a slot of each until one answers, then only
 * the answering account's. Each holder (one call's leg) takes at most one slot per account, however many devices of
 * the account it rings. Taking a slot is atomic with the check, so concurrent INVITEs cannot overshoot the limit.
 */
final class AccountCalls {
    private final int max;
    private final Map<String, Set<Object>> holdersByAccount = new HashMap<>();
    private final Map<Object, Set<String>> accountsByHolder = new IdentityHashMap<>();
    private final AtomicLong refused = new AtomicLong();

    /** @param max calls per account; 0: no limit */
    AccountCalls(int max) {
        if (max < 0) throw new IllegalArgumentException("max must be 0 (no limit) or more");
        this.max = max;
    }

    int max() { return max; }

    /** Takes a slot of {@code account} for {@code holder}; false, counted as refused, when the account is full. */
    synchronized boolean tryTake(String account, Object holder) {
        Set<Object> holders = holdersByAccount.computeIfAbsent(account, a -> newIdentitySet());
        if (!holders.contains(holder) && max > 0 && holders.size() >= max) {
            refused.incrementAndGet();
            return false;
        }
        holders.add(holder);
        accountsByHolder.computeIfAbsent(holder, h -> new java.util.HashSet<>()).add(account);
        return true;
    }

    /** {@code holder} answered on {@code account}: the slots it held for every other account are given back. */
    synchronized void keepOnly(Object holder, String account) {
        Set<String> accounts = accountsByHolder.get(holder);
        if (accounts == null) return;
        for (String other : Set.copyOf(accounts)) if (!other.equals(account)) release(other, holder);
    }

    /** Gives back every slot {@code holder} took. Idempotent. */
    synchronized void releaseAll(Object holder) {
        Set<String> accounts = accountsByHolder.get(holder);
        if (accounts == null) return;
        for (String account : Set.copyOf(accounts)) release(account, holder);
    }

    private void release(String account, Object holder) {
        Set<Object> holders = holdersByAccount.get(account);
        if (holders != null && holders.remove(holder) && holders.isEmpty()) holdersByAccount.remove(account);
        Set<String> accounts = accountsByHolder.get(holder);
        if (accounts != null && accounts.remove(account) && accounts.isEmpty()) accountsByHolder.remove(holder);
    }

    /** Calls {@code account} is in now. */
    synchronized int of(String account) {
        Set<Object> holders = holdersByAccount.get(account);
        return holders == null ? 0 : holders.size();
    }

    /** Calls refused (a device calling, or an account to ring) because the account was at its limit, since start. */
    long refused() { return refused.get(); }

    private static Set<Object> newIdentitySet() {
        return java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
