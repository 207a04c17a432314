package org.dialtone.app;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.dialtone.app.config.DialtoneConfig;
import org.dialtone.core.load.LoadShedder;
import org.dialtone.core.load.LoadShedder.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Overload control as configured under {@code limits:}: the three triggers (active calls, heap in use after GC, SIP
 * messages waiting), the {@link LoadShedder} the core and the SIP adapter ask before every new call, its metrics, and
 * the thread that re-reads the triggers every 250 ms (so shedding also ends, and is logged as ended, when no call
 * comes in).
 */
final class LoadLimits implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LoadLimits.class);
    /** How long no trigger must be over before a shedding episode ends. */
    static final Duration CALM = Duration.ofSeconds(2);
    private static final Duration EVALUATION = Duration.ofMillis(250);
    /** Over the heap limit with no collection for this long: ask for one (see {@link HeapAfterGc#refreshIfStale}). */
    private static final Duration QUIET_HEAP = Duration.ofSeconds(5);

    private final LoadShedder shedder;
    private final ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("load-monitor").daemon().factory());

    LoadLimits(DialtoneConfig.Limits limits, IntSupplier activeCalls, IntSupplier sipQueue, MeterRegistry metrics) {
        HeapAfterGc heap = new HeapAfterGc();
        double heapLimit = limits.maxHeapAfterGcPercent() / 100.0;
        shedder = new LoadShedder(List.of(
                new Trigger("calls", activeCalls::getAsInt, limits.maxCalls(), ""),
                new Trigger("heap", heap, heapLimit, "%"),
                new Trigger("sip_queue", sipQueue::getAsInt, limits.maxSipQueue(), "")),
                Duration.ofSeconds(limits.retryAfterSeconds()), CALM);
        register(metrics);
        monitor.scheduleWithFixedDelay(() -> {
            try {
                heap.refreshIfStale(heapLimit, QUIET_HEAP);
                shedder.evaluate();
            } catch (RuntimeException e) {
                log.warn("overload evaluation failed", e);
            } catch (Error e) { // a periodic task's future would keep it: let the process supervision see it
                Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
                throw e;
            }
        }, EVALUATION.toMillis(), EVALUATION.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Overload limits: max_calls {}, max_heap_after_gc_percent {}, max_sip_queue {} (0 = none); "
                + "Retry-After {} s", limits.maxCalls(), limits.maxHeapAfterGcPercent(), limits.maxSipQueue(),
                limits.retryAfterSeconds());
    }

    LoadShedder shedder() { return shedder; }

    private void register(MeterRegistry metrics) {
        Gauge.builder("dialtone.overload.shedding", shedder, s -> s.shedding() ? 1 : 0)
                .description("1 while new calls are refused because a limit is reached").register(metrics);
        FunctionCounter.builder("dialtone.overload.refused", shedder, LoadShedder::refused)
                .description("new calls refused while shedding load (503)").register(metrics);
        for (Trigger t : shedder.triggers()) {
            Gauge.builder("dialtone.overload.value", t, x -> x.value().getAsDouble()).tag("trigger", t.name())
                    .description("current value of an overload trigger (heap: a share of the maximum heap)")
                    .register(metrics);
            Gauge.builder("dialtone.overload.limit", t, Trigger::limit).tag("trigger", t.name())
                    .description("limit of an overload trigger; 0: off").register(metrics);
            Gauge.builder("dialtone.overload.over", shedder, s -> s.over(t) ? 1 : 0).tag("trigger", t.name())
                    .description("1 while this trigger is at or over its limit").register(metrics);
        }
    }

    @Override
    public void close() { monitor.shutdownNow(); }
}
