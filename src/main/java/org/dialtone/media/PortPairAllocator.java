package org.dialtone.media;

import java.util.BitSet;

/**
 * Hands out even RTP ports (the RTCP port is the next odd one) from an inclusive range, round-robin so a just-freed
 * pair is not reused at once (late packets of the previous call do not reach the next one). Thread-safe; allocation is
 * control-plane work, so a monitor is fine here.
 */
final class PortPairAllocator {
    private final int firstPort;
    private final int pairCount;
    private final BitSet inUse;
    private int cursor;
    private int used;

    PortPairAllocator(int portMin, int portMax) {
        this.firstPort = portMin + (portMin & 1);
        this.pairCount = (portMax - firstPort + 1) / 2;
        this.inUse = new BitSet(pairCount);
    }

    int pairCount() {
        return pairCount;
    }

    /** Reserves the next free even port, or returns -1 when every pair is reserved. */
    synchronized int reserve() {
        if (used == pairCount) {
            return -1;
        }
        int index = inUse.nextClearBit(cursor);
        if (index >= pairCount) {
            index = inUse.nextClearBit(0);
        }
        inUse.set(index);
        used++;
        cursor = (index + 1) % pairCount;
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
