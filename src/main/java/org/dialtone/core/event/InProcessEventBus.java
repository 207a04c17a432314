package org.dialtone.core.event;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Single-node event bus: per-customer counters, synchronous hand-off to subscribers. */
public final class InProcessEventBus implements EventBus {
    private static final Logger log = LoggerFactory.getLogger(InProcessEventBus.class);
    private final ConcurrentHashMap<String, AtomicLong> sequences = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<SequencedEvent>> subscribers = new CopyOnWriteArrayList<>();

    @Override
    public long publish(ChannelEvent event) {
        long id;
        AtomicLong seq = sequences.computeIfAbsent(event.customerCode(), c -> new AtomicLong());
        SequencedEvent sequenced;
        // numbering and delivery under one lock per customer keeps ids in delivery order
        synchronized (seq) {
            id = seq.incrementAndGet();
            sequenced = new SequencedEvent(id, event);
            for (Consumer<SequencedEvent> s : subscribers) {
                try {
                    s.accept(sequenced);
                } catch (RuntimeException e) {
                    log.warn("event subscriber failed on {} {}: {}", event.type().wire(), event.uniqueId(), e.toString());
                }
            }
        }
        return id;
    }

    @Override
    public AutoCloseable subscribe(Consumer<SequencedEvent> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }
}
