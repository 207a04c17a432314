package org.dialtone.core.call;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tasks of one call one at a time, in submission order, on a shared executor (virtual threads). This is the
 * single place where a call's state changes: SIP callbacks of both legs, API actions and timers all go through it.
 */
final class Mailbox implements Executor {
    private static final Logger log = LoggerFactory.getLogger(Mailbox.class);
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Executor carrier;
    private final String name;

    Mailbox(Executor carrier, String name) {
        this.carrier = carrier;
        this.name = name;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        schedule();
    }

    private void schedule() {
        if (draining.compareAndSet(false, true)) carrier.execute(this::drain);
    }

    private void drain() {
        try {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    log.error("call {}: task failed", name, e);
                }
            }
        } finally {
            draining.set(false);
            if (!tasks.isEmpty()) schedule();
        }
    }
}
