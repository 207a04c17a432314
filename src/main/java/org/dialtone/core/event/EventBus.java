package org.dialtone.core.event;

import java.util.function.Consumer;

/**
 * Where the core publishes channel events. The bus numbers events per customer (the SSE {@code id}). Subscribers are
 * called on the publisher's thread and must not block: they hand events to their own queue. An in-process bus now;
 * a broker-backed one in a cluster later.
 */
public interface EventBus {
    /** Publishes and returns the per-customer sequence number assigned to the event. */
    long publish(ChannelEvent event);

    /** Subscribes to every customer's events; closing the returned handle unsubscribes. */
    AutoCloseable subscribe(Consumer<SequencedEvent> subscriber);

    record SequencedEvent(long id, ChannelEvent event) {}
}
