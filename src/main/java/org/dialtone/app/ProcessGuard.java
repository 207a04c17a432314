package org.dialtone.app;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fail loudly, restart cleanly: ends the process with {@link #EXIT_STATUS} and one clear log line when the switch
 * cannot go on, so that a supervisor (systemd {@code Restart=always}, see deploy/dialtone.service) starts it again
 * instead of leaving a process that answers {@code /metrics} but no SIP. Registrations and call records are in the
 * database and come back with the restart.
 * <ul>
 *   <li>An {@link OutOfMemoryError} (or another {@link VirtualMachineError} but a stack overflow) in any thread: the
 *       process halts at once (the heap cannot be trusted to shut down cleanly). The run command's
 *       {@code -XX:+ExitOnOutOfMemoryError} does the same for errors that code catches before they get here.</li>
 *   <li>Any uncaught throwable in a thread the switch cannot run without ({@link #VITAL_THREADS}).</li>
 *   <li>A vital sign that fails ({@link #watch}): e.g. the thread reading SIP from the socket has ended.</li>
 * </ul>
 * Other than for memory, the exit runs the shutdown hook (calls get BYE), bounded: the process halts after
 * {@link #SHUTDOWN_GRACE} in any case.
 */
public final class ProcessGuard implements Thread.UncaughtExceptionHandler, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProcessGuard.class);
    /** The exit status of a fatal failure ({@code EX_SOFTWARE}); a clean stop (SIGTERM) is 143. */
    public static final int EXIT_STATUS = 70;
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);
    private static final Duration CHECK_EVERY = Duration.ofMillis(500);

    /** Names (or parts of names) of the threads the switch cannot run without. */
    static final List<String> VITAL_THREADS = List.of(
            "MessageProcessorThread-",   // JAIN-SIP: reads the SIP UDP socket
            "UDPMessageChannelThread-",  // JAIN-SIP: parses and processes received SIP messages
            "NioSelector-",              // JAIN-SIP: reads SIP TCP connections
            "media-pacing-clock",        // sends ringback and music on hold every 20 ms
            "call-timers",               // ring, park and media timeouts
            "jain_sip_timer",            // JAIN-SIP: retransmissions and transaction timeouts
            "EventScannerThread",        // JAIN-SIP: delivers timeouts and ended dialogs to the switch
            "call-records",              // writes call records
            "registration-writer");      // stores registrations

    /** How the process ends; replaced in tests. {@code why} is null when there was no memory left to say it. */
    interface Exit {
        void exit(String why, Throwable cause, boolean outOfMemory);
    }

    /**
     * Memory set aside at start and let go when the heap has run out, so that the FATAL line can still be formatted
     * and written (the allocation that fails first makes the collector reclaim it).
     */
    private static volatile byte[] reserve = new byte[512 * 1024];
    /** Written when even the reserve does not help: made at start, and written without allocating on the heap. */
    private static final byte[] OUT_OF_MEMORY_LINE = ("FATAL: out of memory. Exiting with status " + EXIT_STATUS
            + " so that a supervisor restarts Dialtone\n").getBytes(StandardCharsets.US_ASCII);
    private static final FileOutputStream STDERR = new FileOutputStream(FileDescriptor.err);

    private final Exit exit;
    private boolean ending;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("watchdog").daemon().factory());
    private volatile Map<String, BooleanSupplier> vitals = Map.of();

    ProcessGuard(Exit exit) {
        this.exit = exit;
        watchdog.scheduleWithFixedDelay(this::checkVitals, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Guards this process: every thread's uncaught throwable comes here from now on. Call it first in main. */
    public static ProcessGuard install() {
        ProcessGuard guard = new ProcessGuard(ProcessGuard::endProcess);
        Thread.setDefaultUncaughtExceptionHandler(guard);
        return guard;
    }

    /** Checks these vital signs (name → alive) twice a second from now on; one that fails ends the process. */
    public void watch(Map<String, BooleanSupplier> vitals) { this.vitals = Map.copyOf(vitals); }

    @Override
    public void uncaughtException(Thread thread, Throwable e) {
        boolean outOfMemory = isOutOfMemory(e);
        if (outOfMemory) reserve = null; // room to build the message
        try {
            if (outOfMemory) {
                fail("out of memory in thread " + thread.getName() + " (" + e + ")", e, true);
            } else if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
                fail("the JVM failed in thread " + thread.getName() + " (" + e + ")", e, false);
            } else if (isVital(thread.getName())) {
                fail("thread " + thread.getName() + ", which the switch cannot run without, died (" + e + ")", e, false);
            } else {
                log.error("uncaught exception in thread {}", thread.getName(), e);
            }
        } catch (Throwable cannotEvenSayWhy) { // out of memory for the message itself: end without it
            if (!outOfMemory && !(cannotEvenSayWhy instanceof OutOfMemoryError)) throw cannotEvenSayWhy;
            fail(null, e, true); // not even a string literal here: resolving one the first time takes heap
        }
    }

    static boolean isVital(String threadName) {
        for (String vital : VITAL_THREADS) {
            if (threadName.contains(vital)) return true;
        }
        return false;
    }

    private static boolean isOutOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) return true;
        }
        return false;
    }

    void checkVitals() {
        try {
            for (var vital : vitals.entrySet()) {
                if (!vital.getValue().getAsBoolean()) {
                    fail(vital.getKey() + " stopped", null, false);
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.warn("checking the vital signs failed", e);
        } catch (Error e) {
            uncaughtException(Thread.currentThread(), e);
        }
    }

    private void fail(String why, Throwable cause, boolean outOfMemory) {
        if (claimEnding()) exit.exit(why, cause, outOfMemory);
    }

    /**
     * True for the first failure only. A plain lock, not an atomic: an atomic's first use links code, and that needs
     * heap, which may be gone by then.
     */
    private synchronized boolean claimEnding() {
        if (ending) return false;
        ending = true;
        return true;
    }

    /** Stops watching (a clean shutdown is under way); uncaught throwables are still handled. */
    @Override
    public void close() {
        vitals = Map.of();
        watchdog.shutdownNow();
    }

    private static void endProcess(String why, Throwable cause, boolean outOfMemory) {
        reserve = null;
        if (outOfMemory) {
            try { // whatever else fails to be written, this line is
                STDERR.write(OUT_OF_MEMORY_LINE);
            } catch (Throwable ignored) { // nothing more to try
            }
        }
        if (why != null) {
            try {
                log.error("FATAL: {}. Exiting with status {} so that a supervisor restarts Dialtone", why, EXIT_STATUS,
                        cause);
            } catch (Throwable ignored) { // out of memory even for the message: exit anyway
            }
        }
        if (outOfMemory) Runtime.getRuntime().halt(EXIT_STATUS);
        try {
            long deadline = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
            Thread.ofPlatform().name("fatal-halt").daemon().start(() -> {
                while (System.nanoTime() < deadline) LockSupport.parkNanos(deadline - System.nanoTime());
                Runtime.getRuntime().halt(EXIT_STATUS);
            });
            // not on the failing thread: the shutdown hook may wait for the very thread that is failing
            Thread.ofPlatform().name("fatal-exit").start(() -> System.exit(EXIT_STATUS));
        } catch (Throwable cannotEvenStartAThread) {
            Runtime.getRuntime().halt(EXIT_STATUS);
        }
    }
}
