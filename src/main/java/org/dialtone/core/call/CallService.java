package org.dialtone.core.call;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.dialtone.core.channel.HangupCause;
import org.dialtone.core.customer.Directory;
import org.dialtone.core.customer.Extension;
import org.dialtone.core.event.EventBus;
import org.dialtone.core.signalling.LegListener;
import org.dialtone.core.signalling.SignallingLeg;
import org.dialtone.core.signalling.SignallingPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the core for calls: adapters hand it new inbound legs; it owns the active calls, their timers, the
 * media-timeout sweep and the call records.
 */
public final class CallService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallService.class);

    public record Settings(Duration ringTimeout, Duration mediaTimeout) {}

    private final Directory directory;
    private final EventBus events;
    private final CallRecordRepository records;
    private final Settings settings;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("call-timers").daemon().factory());
    private final ExecutorService recordWriter = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("call-records").daemon().factory());
    private final ConcurrentHashMap<String, Call> active = new ConcurrentHashMap<>();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile SignallingPort signalling;
    private volatile boolean accepting = true;

    public CallService(Directory directory, EventBus events, CallRecordRepository records, Settings settings) {
        this.directory = directory;
        this.events = events;
        this.records = records;
        this.settings = settings;
        long sweep = Math.max(1000, Math.min(5000, settings.mediaTimeout().toMillis() / 4));
        timers.scheduleWithFixedDelay(this::sweepMedia, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    /** Connects the signalling adapter (set once at wiring; the adapter needs the service too). */
    public void signalling(SignallingPort port) { this.signalling = port; }

    /**
     * A device of {@code caller} dialled {@code dialled}. Returns the listener the adapter reports the caller leg's
     * progress to, or null when the switch is shutting down (the adapter then rejects the call).
     */
    public LegListener incoming(Extension caller, String dialled, SignallingLeg callerLeg) {
        if (!accepting) return null;
        Call call = new Call(this, caller, dialled, callerLeg);
        active.put(call.linkedId(), call);
        started.incrementAndGet();
        call.start();
        return call;
    }

    void finished(Call call, CallRecord record) {
        active.remove(call.linkedId());
        if (record.answerTime() == null) failed.incrementAndGet();
        recordWriter.execute(() -> {
            try {
                records.insert(record);
            } catch (RuntimeException e) {
                log.error("could not store call record {}", record.linkedId(), e);
            }
        });
    }

    private void sweepMedia() {
        long now = System.nanoTime();
        long timeout = settings.mediaTimeout().toNanos();
        for (Call call : active.values()) call.checkMedia(now, timeout);
    }

    public int activeCalls() { return active.size(); }

    public int activeChannels() { return active.values().stream().mapToInt(Call::liveChannels).sum(); }

    public long callsStarted() { return started.get(); }

    public long callsFailed() { return failed.get(); }

    /** Stops accepting calls and hangs up every active one, waiting up to 3 s for them to end. */
    @Override
    public void close() {
        accepting = false;
        List<Call> calls = List.copyOf(active.values());
        if (!calls.isEmpty()) log.info("hanging up {} active call(s)", calls.size());
        calls.forEach(c -> c.hangup(HangupCause.SHUTDOWN));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (!active.isEmpty() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        timers.shutdownNow();
        recordWriter.shutdown();
        try {
            recordWriter.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdown();
    }

    Directory directory() { return directory; }
    EventBus events() { return events; }
    SignallingPort signalling() { return signalling; }
    ExecutorService executor() { return executor; }
    ScheduledExecutorService timers() { return timers; }
    Duration ringTimeout() { return settings.ringTimeout(); }
}
