package org.dialtone.app;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The share of the maximum heap still in use after the last garbage collection (0..1): live data plus what the
 * collector has not reclaimed yet, the overload trigger {@code heap}. Unlike the heap in use now, it does not count
 * garbage waiting for the next collection, so it rises only when the switch really holds more.
 */
final class HeapAfterGc implements DoubleSupplier {
    private static final Logger log = LoggerFactory.getLogger(HeapAfterGc.class);

    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported()).toList();
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final long maxHeap = Runtime.getRuntime().maxMemory();
    private long collectionsSeen = -1;
    private long quietSince = System.nanoTime();

    @Override
    public double getAsDouble() {
        long used = 0;
        for (MemoryPoolMXBean pool : heapPools) {
            MemoryUsage afterGc = pool.getCollectionUsage();
            if (afterGc != null) used += afterGc.getUsed();
        }
        return maxHeap <= 0 ? 0 : (double) used / maxHeap;
    }

    /**
     * A reading only changes when a collection runs, and an idle switch hardly allocates: once the load is gone, a
     * reading over {@code limit} could stay there for minutes and keep refusing calls. So when the reading is over
     * the limit and no collection has run for {@code quiet}, this asks for one. Call it from one periodic thread.
     */
    void refreshIfStale(double limit, Duration quiet) {
        long collections = 0;
        for (GarbageCollectorMXBean gc : collectors) collections += Math.max(0, gc.getCollectionCount());
        long now = System.nanoTime();
        if (collections != collectionsSeen) {
            collectionsSeen = collections;
            quietSince = now;
            return;
        }
        if (limit > 0 && getAsDouble() >= limit && now - quietSince >= quiet.toNanos()) {
            log.info("heap in use after the last collection is over the limit and no collection ran for {} s: "
                    + "collecting to see whether memory was freed", quiet.toSeconds());
            quietSince = now;
            System.gc();
        }
    }
}
