package org.dialtone.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link ScheduledExecutorService} whose time only moves when the test says so: tasks run on the test's thread in
 * {@link #runDue()} / {@link #advance(Duration)}, never on their own. Tasks may be scheduled from any thread (e.g. SIP
 * stack callbacks).
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private long now; // ms of virtual time
    private long sequence;
    private final List<Task<?>> tasks = new ArrayList<>();
    private boolean shutdown;

    /** Virtual time since creation. */
    public synchronized Duration elapsed() { return Duration.ofMillis(now); }

    /** The delays (from now) of the tasks waiting, soonest first. */
    public synchronized List<Duration> pendingDelays() {
        return tasks.stream().filter(t -> !t.isDone()).sorted(Comparator.comparingLong((Task<?> t) -> t.at))
                .map(t -> Duration.ofMillis(t.at - now)).toList();
    }

    /** The delay of the soonest waiting task. */
    public Optional<Duration> nextDelay() { return pendingDelays().stream().findFirst(); }

    /** Runs every task due now (including tasks that those schedule for now). */
    public void runDue() {
        while (true) {
            Task<?> due;
            synchronized (this) {
                due = tasks.stream().filter(t -> !t.isDone() && t.at <= now)
                        .min(Comparator.comparingLong((Task<?> t) -> t.at).thenComparingLong(t -> t.seq)).orElse(null);
                if (due == null) return;
                tasks.remove(due);
            }
            due.run();
        }
    }

    /** Moves time forward by {@code d}, running each task at its time, in order. */
    public void advance(Duration d) {
        long target;
        synchronized (this) { target = now + d.toMillis(); }
        while (true) {
            runDue();
            synchronized (this) {
                var next = tasks.stream().filter(t -> !t.isDone()).mapToLong(t -> t.at).filter(at -> at <= target).min();
                if (next.isEmpty()) {
                    now = target;
                    return;
                }
                now = Math.max(now, next.getAsLong());
            }
        }
    }

    private synchronized <V> Task<V> add(Callable<V> body, long delayMs, long periodMs) {
        if (shutdown) throw new java.util.concurrent.RejectedExecutionException("shut down");
        Task<V> t = new Task<>(body, now + Math.max(0, delayMs), periodMs, sequence++);
        tasks.add(t);
        return t;
    }

    private synchronized void reschedule(Task<?> t, long at) {
        if (shutdown) return;
        t.at = at;
        t.seq = sequence++;
        tasks.add(t);
    }

    private synchronized long now() { return now; }

    private final class Task<V> implements ScheduledFuture<V>, Runnable {
        final Callable<V> body;
        final long period; // >0 fixed rate, <0 fixed delay, 0 once
        volatile long at;
        volatile long seq;
        final CompletableFuture<V> result = new CompletableFuture<>();

        Task(Callable<V> body, long at, long period, long seq) {
            this.body = body;
            this.at = at;
            this.period = period;
            this.seq = seq;
        }

        @Override
        public void run() {
            if (result.isDone()) return;
            try {
                V v = body.call();
                if (period == 0) result.complete(v);
                else reschedule(this, period > 0 ? at + period : now() - period);
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        }

        @Override public long getDelay(TimeUnit unit) { return unit.convert(at - now(), TimeUnit.MILLISECONDS); }
        @Override public int compareTo(Delayed o) { return Long.compare(getDelay(TimeUnit.MILLISECONDS), o.getDelay(TimeUnit.MILLISECONDS)); }
        @Override public boolean cancel(boolean mayInterrupt) { return result.cancel(false); }
        @Override public boolean isCancelled() { return result.isCancelled(); }
        @Override public boolean isDone() { return result.isDone(); }
        @Override public V get() throws InterruptedException, ExecutionException { return result.get(); }
        @Override public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            return result.get(timeout, unit);
        }
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(() -> { command.run(); return null; }, unit.toMillis(delay), 0);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return add(callable, unit.toMillis(delay), 0);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return add(() -> { command.run(); return null; }, unit.toMillis(initialDelay), unit.toMillis(period));
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return add(() -> { command.run(); return null; }, unit.toMillis(initialDelay), -unit.toMillis(delay));
    }

    /** Queued for the next {@link #runDue()}, never run on the caller's thread. */
    @Override public void execute(Runnable command) { schedule(command, 0, TimeUnit.MILLISECONDS); }

    @Override public synchronized void shutdown() { shutdown = true; }
    @Override public synchronized List<Runnable> shutdownNow() { shutdown = true; tasks.clear(); return List.of(); }
    @Override public synchronized boolean isShutdown() { return shutdown; }
    @Override public synchronized boolean isTerminated() { return shutdown; }
    @Override public boolean awaitTermination(long timeout, TimeUnit unit) { return true; }
}
