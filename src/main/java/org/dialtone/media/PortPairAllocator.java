package org.dialtone.media;

import java.security.SecureRandom;
import java.util.BitSet;
import java.util.random.RandomGenerator;

/**
 * Hands out even RTP ports (the RTCP port is the next odd one) from an inclusive range, each one picked at random among
 * the free pairs: the port a call gets says nothing about the port the next call will get, so nobody can aim packets
 * at the next call's port in advance (and a just-freed pair is rarely reused at once, so late packets of the previous
 * call seldom reach the next one). Thread-safe; allocation is control-plane work, so a monitor is fine here.
 */
final class PortPairAllocator {
    /** Random picks tried before scanning from a random start: enough when most pairs are free, bounded when not. */
    private static final int RANDOM_PICKS = 8;

    private final int firstPort;
    private final int pairCount;
    private final BitSet inUse;
    /** Not predictable from the ports an attacker sees in its own calls' SDP, unlike a seeded generator. */
    private final RandomGenerator random = new SecureRandom();
    private int used;

    PortPairAllocator(int portMin, int portMax) {
        this.firstPort = portMin + (portMin & 1);
        this.pairCount = (portMax - firstPort + 1) / 2;
        this.inUse = new BitSet(pairCount);
    }

    int pairCount() {
        return pairCount;
    }

    /** Reserves a free even port chosen at random, or returns -1 when every pair is reserved. */
    synchronized int reserve() {
        if (used == pairCount) {
            return -1;
        }
        int index = -1;
        for (int pick = 0; pick < RANDOM_PICKS && index < 0; pick++) {
            int candidate = random.nextInt(pairCount);
            if (!inUse.get(candidate)) {
                index = candidate;
            }
        }
        if (index < 0) { // mostly full: the first free pair after a random start
            index = inUse.nextClearBit(random.nextInt(pairCount));
            if (index >= pairCount) {
                index = inUse.nextClearBit(0);
            }
        }
        inUse.set(index);
        used++;
        return firstPort + 2 * index;
    }

    /** Returns a reserved even port to the pool. */
    synchronized void free(int rtpPort) {
        int index = (rtpPort - firstPort) / 2;
        if (index >= 0 && index < pairCount && inUse.get(index)) {
            inUse.clear(index);
            used--;
        }
    }

    synchronized int reservedCount() {
        return used;
    }
}
