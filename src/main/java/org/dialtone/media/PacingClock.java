package org.dialtone.media;

import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single 20 ms clock that paces every generated stream (ringback, music on hold) of the engine: one platform
 * thread, {@code scheduleAtFixedRate}, one frame per active playback per tick. The set of playbacks is a
 * copy-on-write array, so a tick iterates without allocating or locking; adding and removing (control plane) copies it.
 */
final class PacingClock implements AutoCloseable {
    static final long TICK_MILLIS = 20;
    private static final Logger log = LoggerFactory.getLogger(PacingClock.class);
    private static final Playback[] NONE = new Playback[0];

    private final ScheduledExecutorService executor;
    private final ScheduledFuture<?> ticking;
    private final Object writeLock = new Object();
    private volatile Playback[] playbacks = NONE;

    PacingClock() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "media-pacing-clock");
            thread.setDaemon(true);
            thread.setPriority(Thread.MAX_PRIORITY);
            return thread;
        });
        ticking = executor.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Whether the clock still ticks: an Error in a tick stops it for good (and is reported as the thread's death). */
    boolean running() {
        return !ticking.isDone();
    }

    void add(Playback playback) {
        synchronized (writeLock) {
            Playback[] next = Arrays.copyOf(playbacks, playbacks.length + 1);
            next[next.length - 1] = playback;
            playbacks = next;
        }
    }

    void remove(Playback playback) {
        synchronized (writeLock) {
            Playback[] current = playbacks;
            for (int i = 0; i < current.length; i++) {
                if (current[i] == playback) {
                    Playback[] next = new Playback[current.length - 1];
                    System.arraycopy(current, 0, next, 0, i);
                    System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                    playbacks = next;
                    return;
                }
            }
        }
    }

    int activePlaybacks() {
        return playbacks.length;
    }

    private void tick() {
        Playback[] current = playbacks;
        long now = System.nanoTime();
        for (Playback playback : current) {
            try {
                playback.endpoint.sendPromptFrame(playback, now);
            } catch (RuntimeException e) { // never let one endpoint stop the clock for everyone
                log.warn("Prompt frame to port {} failed", playback.endpoint.localPort(), e);
            } catch (Error e) {
                // the periodic task ends here, and its future would keep the Error to itself: report the clock's
                // death as the thread's, so the process supervision sees it (the switch cannot run without the clock)
                Thread clock = Thread.currentThread();
                clock.getUncaughtExceptionHandler().uncaughtException(clock, e);
                throw e;
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        playbacks = NONE;
    }
}
