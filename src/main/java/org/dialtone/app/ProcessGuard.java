package org.dialtone.app;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
    static final String[] VITAL_THREADS = {
            "MessageProcessorThread-",   // JAIN-SIP: reads the SIP UDP socket
            "UDPMessageChannelThread-",  // JAIN-SIP: parses and processes received SIP messages
            "NioSelector-",              // JAIN-SIP: reads SIP TCP connections
            "media-pacing-clock",        // sends ringback and music on hold every 20 ms
            "call-timers",               // ring, park and media timeouts
            "jain_sip_timer",            // JAIN-SIP: retransmissions and transaction timeouts
            "EventScannerThread",        // JAIN-SIP: delivers timeouts and ended dialogs to the switch
            "call-records",              // writes call records
            "registration-writer"};      // stores registrations

    /** How the process ends; replaced in tests. {@code why} is null when there was no memory left to say it. */
    interface Exit {
        void exit(String why, Throwable cause, boolean outOfMemory);
    }

    /**
     * Memory set aside at start and let go when the heap has run out, so that the FATAL line can still be formatted
     * and written (the allocation that fails first makes the collector reclaim it).
     */
    private static volatile byte[] reserve = new byte[512 * 1024];
    /** The thread that ran out of memory, for the FATAL line. */
    private static volatile String outOfMemoryThread = "?";
    /** The out-of-memory line is assembled here, without allocating: the heap is full by then. */
    private static final byte[] LINE = new byte[512];
    private static final byte[] OUT_OF_MEMORY = "FATAL: out of memory in thread ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EXITING = (". Exiting with status " + EXIT_STATUS
            + " so that a supervisor restarts Dialtone\n").getBytes(StandardCharsets.US_ASCII);
    private static final FileOutputStream STDERR = new FileOutputStream(FileDescriptor.err);

    static {
        // Resolve now the classes and methods the out-of-memory path uses (instanceof, catch, halt, write): resolving
        // one the first time goes through the class loader, which takes heap, and then there is none.
        Class<?>[] used = {Throwable.class, Error.class, VirtualMachineError.class, OutOfMemoryError.class,
                StackOverflowError.class, Thread.class, Runtime.class, FileOutputStream.class, String.class};
        try {
            STDERR.write(LINE, 0, 0);
        } catch (Throwable ignored) { // resolved the catch type, which is the point
        }
        if (used.length == 0 || Runtime.getRuntime() == null || isOutOfMemory(new Error())) {
            throw new AssertionError(); // never: keeps the calls above from being optimised away
        }
    }

    private final Exit exit;
    private boolean ending;
    /**
     * Not a daemon: while it runs the JVM does not end by itself (say, once every other non-daemon thread has died of
     * an OutOfMemoryError, with a status that tells nothing), only through this guard or a stop.
     */
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("watchdog").daemon(false).factory());
    private volatile Map<String, BooleanSupplier> vitals = Map.of();
    /** The vital sign that failed at the last check (watchdog thread only). */
    private String failedBefore;

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
        boolean jvmFailed = e instanceof VirtualMachineError && !(e instanceof StackOverflowError);
        if (!outOfMemory && !jvmFailed && !isVital(thread.getName())) {
            log.error("uncaught exception in thread {}", thread.getName(), e);
            return;
        }
        // claimed before anything that needs memory: the vital sign of a thread dying here must not end the process
        // first, with a message that hides the cause
        if (!claimEnding()) return;
        if (outOfMemory) reserve = null; // room to build the message
        String why = null;
        try {
            why = outOfMemory ? "out of memory in thread " + thread.getName() + " (" + e + ")"
                    : jvmFailed ? "the JVM failed in thread " + thread.getName() + " (" + e + ")"
                    : "thread " + thread.getName() + ", which the switch cannot run without, died (" + e + ")";
        } catch (Throwable noRoomToSayWhy) { // not even a string literal in here: resolving one takes heap
            outOfMemory = true;
        }
        outOfMemoryThread = thread.getName(); // should its FATAL line need saying without heap
        exit.exit(why, e, outOfMemory);
    }

    /** Whether the thread is one the switch cannot run without: no allocation (an iterator would be one). */
    static boolean isVital(String threadName) {
        for (int i = 0; i < VITAL_THREADS.length; i++) {
            if (threadName.contains(VITAL_THREADS[i])) return true;
        }
        return false;
    }

    private static boolean isOutOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) return true;
        }
        return false;
    }

    /**
     * A vital sign must fail twice in a row, half a second apart: a thread that dies of an exception fails its vital
     * sign a moment before the exception reaches {@link #uncaughtException}, which says better why.
     */
    void checkVitals() {
        try {
            String failing = null;
            for (var vital : vitals.entrySet()) {
                if (!vital.getValue().getAsBoolean()) {
                    failing = vital.getKey();
                    break;
                }
            }
            if (failing != null && failing.equals(failedBefore)) fail(failing + " stopped", null, false);
            failedBefore = failing;
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

    /** {@code FATAL: out of memory in thread <name>. Exiting ...}, put together and written without allocating. */
    private static void writeOutOfMemoryLine() {
        try {
            int n = 0;
            for (byte b : OUT_OF_MEMORY) LINE[n++] = b;
            String name = outOfMemoryThread;
            for (int i = 0; i < name.length() && n < LINE.length - EXITING.length; i++) {
                char c = name.charAt(i);
                LINE[n++] = c < 128 ? (byte) c : (byte) '?';
            }
            for (byte b : EXITING) LINE[n++] = b;
            STDERR.write(LINE, 0, n);
        } catch (Throwable ignored) { // nothing more to try
        }
    }

    private static void endProcess(String why, Throwable cause, boolean outOfMemory) {
        reserve = null;
        if (outOfMemory) {
            // no more: logging the details needs heap and time, and meanwhile the JVM may end by itself (its last
            // non-daemon thread dying of the same error) with a status that does not say why
            writeOutOfMemoryLine();
            Runtime.getRuntime().halt(EXIT_STATUS);
        }
        try {
            log.error("FATAL: {}. Exiting with status {} so that a supervisor restarts Dialtone", why, EXIT_STATUS,
                    cause);
        } catch (OutOfMemoryError noRoomToSayIt) {
            writeOutOfMemoryLine();
            Runtime.getRuntime().halt(EXIT_STATUS);
        } catch (Throwable ignored) { // the log is broken: exit anyway
        }
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
