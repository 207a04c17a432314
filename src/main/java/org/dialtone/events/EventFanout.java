package org.dialtone.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.dialtone.core.event.ChannelEvent;
import org.dialtone.core.event.EventBus;
import org.dialtone.core.event.EventBus.SequencedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans the bus's channel events out to live subscribers, per customer, and keeps a bounded per-customer replay buffer
 * (at most {@code maxEvents}, none older than {@code maxAge}) for resuming subscribers.
 * <p>
 * The bus calls {@link #accept} on the call's own thread, so this only appends to the buffer and offers to each
 * subscriber's bounded queue, never blocking: a subscriber whose queue is full is closed as slow (it may resume with
 * its last event id). Buffering, delivery and subscribing take one lock per customer, so a new subscriber's replay and
 * its live events join without a gap or a duplicate.
 */
public final class EventFanout implements Consumer<SequencedEvent>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventFanout.class);

    private record Buffered(SequencedEvent event, long receivedAtMillis) {}

    /** One customer's buffer and subscribers; guarded by its own monitor. */
    private static final class CustomerEvents {
        final ArrayDeque<Buffered> buffer = new ArrayDeque<>();
        final List<Subscription> subscribers = new ArrayList<>();
        long latestId;
    }

    private final int maxEvents;
    private final long maxAgeMillis;
    private final int queueSize;
    private final Clock clock;
    private final ConcurrentHashMap<String, CustomerEvents> customers = new ConcurrentHashMap<>();
    private final AtomicInteger subscriberCount = new AtomicInteger();
    private final Counter published;
    private final Counter dropped;
    private final Counter slowDisconnects;
    private final AutoCloseable busSubscription;
    private volatile boolean closed;

    public EventFanout(EventBus bus, int maxEvents, Duration maxAge, int queueSize, MeterRegistry metrics) {
        this(bus, maxEvents, maxAge, queueSize, metrics, Clock.systemUTC());
    }

    EventFanout(EventBus bus, int maxEvents, Duration maxAge, int queueSize, MeterRegistry metrics, Clock clock) {
        this.maxEvents = maxEvents;
        this.maxAgeMillis = maxAge.toMillis();
        this.queueSize = queueSize;
        this.clock = clock;
        Gauge.builder("dialtone.events.subscribers", subscriberCount, AtomicInteger::get)
                .description("open event streams").register(metrics);
        published = Counter.builder("dialtone.events.published")
                .description("channel events received for fan-out").register(metrics);
        dropped = Counter.builder("dialtone.events.dropped")
                .description("events not delivered to a subscriber because its queue was full").register(metrics);
        slowDisconnects = Counter.builder("dialtone.events.slow_disconnects")
                .description("event streams closed because the client did not keep up").register(metrics);
        busSubscription = bus.subscribe(this);
    }

    /** Called by the bus, on the publishing call's thread: buffers and enqueues, never blocks. */
    @Override
    public void accept(SequencedEvent event) {
        published.increment();
        CustomerEvents c = customer(event.event().customerCode());
        long now = clock.millis();
        synchronized (c) {
            c.latestId = Math.max(c.latestId, event.id());
            c.buffer.addLast(new Buffered(event, now));
            trim(c, now);
            for (var it = c.subscribers.iterator(); it.hasNext(); ) {
                Subscription s = it.next();
                if (!s.wants(event.event())) continue;
                switch (s.offer(event)) {
                    case QUEUED -> { }
                    case OVERFLOW -> {
                        it.remove();
                        subscriberCount.decrementAndGet();
                        dropped.increment();
                        slowDisconnects.increment();
                        log.info("event stream of customer {} disconnected: did not keep up ({} queued)",
                                s.customerCode(), queueSize);
                    }
                    case CLOSED -> dropped.increment();
                }
            }
        }
    }

    /**
     * Subscribes to a customer's events. With {@code lastEventId}, the subscription's {@link Subscription#replay()}
     * holds the buffered events after it (filtered); if some are no longer buffered, or the id is unknown, it gets
     * every buffered event and a {@link Subscription#gap()} notice.
     */
    public Subscription subscribe(String customerCode, OptionalLong lastEventId, Predicate<ChannelEvent> filter) {
        return subscribe(customerCode, null, lastEventId, filter);
    }

    /**
     * Like {@link #subscribe(String, OptionalLong, Predicate)}, remembering which API token ({@code tokenHash}, its
     * SHA-256 hex) opened the subscription, so that {@link #closeStreamsOfToken} can end it.
     */
    public Subscription subscribe(String customerCode, String tokenHash, OptionalLong lastEventId,
                                  Predicate<ChannelEvent> filter) {
        if (closed) throw new IllegalStateException("event fan-out is closed");
        CustomerEvents c = customer(customerCode);
        Subscription s = new Subscription(customerCode, tokenHash, filter, queueSize, this::remove);
        synchronized (c) {
            trim(c, clock.millis());
            if (lastEventId.isPresent()) replayFrom(c, lastEventId.getAsLong(), s);
            c.subscribers.add(s);
            subscriberCount.incrementAndGet();
        }
        return s;
    }

    private void replayFrom(CustomerEvents c, long lastId, Subscription s) {
        long first = c.buffer.isEmpty() ? c.latestId + 1 : c.buffer.peekFirst().event().id();
        List<SequencedEvent> missed = new ArrayList<>();
        boolean complete = lastId <= c.latestId && lastId >= first - 1;
        for (Buffered b : c.buffer) {
            if (!complete || b.event().id() > lastId) missed.add(b.event());
        }
        Gap gap = complete ? null : new Gap(lastId, c.buffer.isEmpty() ? 0 : first, c.latestId);
        s.startWith(missed, gap);
    }

    /** The newest id assigned to a customer's events (0 if none since start). */
    public long latestId(String customerCode) {
        CustomerEvents c = customer(customerCode);
        synchronized (c) {
            return c.latestId;
        }
    }

    public int subscribers() { return subscriberCount.get(); }

    /**
     * Ends every subscription opened with the API token {@code tokenHash} (SHA-256 hex), as {@code REVOKED}: their
     * writers finish and their connections are cut. For a token that has just been revoked. Returns how many ended.
     */
    public int closeStreamsOfToken(String tokenHash) {
        List<Subscription> revoked = new ArrayList<>();
        for (CustomerEvents c : customers.values()) {
            synchronized (c) {
                for (Subscription s : c.subscribers) if (tokenHash.equalsIgnoreCase(String.valueOf(s.tokenHash()))) revoked.add(s);
            }
        }
        return revoke(revoked);
    }

    /** Ends every subscription of a customer, as {@code REVOKED}: for a customer just removed or disabled. */
    public int closeStreamsOfCustomer(String customerCode) {
        CustomerEvents c = customers.get(customerCode);
        if (c == null) return 0;
        List<Subscription> revoked;
        synchronized (c) {
            revoked = List.copyOf(c.subscribers);
        }
        return revoke(revoked);
    }

    private int revoke(List<Subscription> subscriptions) {
        for (Subscription s : subscriptions) s.close(Subscription.CloseReason.REVOKED);
        if (!subscriptions.isEmpty()) log.info("closed {} event stream(s) whose access was revoked", subscriptions.size());
        return subscriptions.size();
    }

    private void remove(Subscription s) {
        CustomerEvents c = customer(s.customerCode());
        synchronized (c) {
            if (c.subscribers.remove(s)) subscriberCount.decrementAndGet();
        }
    }

    private void trim(CustomerEvents c, long now) {
        while (c.buffer.size() > maxEvents) c.buffer.removeFirst();
        while (!c.buffer.isEmpty() && now - c.buffer.peekFirst().receivedAtMillis() > maxAgeMillis) c.buffer.removeFirst();
    }

    private CustomerEvents customer(String code) {
        return customers.computeIfAbsent(code, k -> new CustomerEvents());
    }

    /** Stops receiving events and ends every subscription (their writers finish their streams). */
    @Override
    public void close() {
        closed = true;
        try {
            busSubscription.close();
        } catch (Exception e) {
            log.warn("unsubscribing from the event bus failed: {}", e.toString());
        }
        for (CustomerEvents c : customers.values()) {
            List<Subscription> all;
            synchronized (c) {
                all = List.copyOf(c.subscribers);
            }
            for (Subscription s : all) s.close(Subscription.CloseReason.SHUTDOWN);
        }
    }
}
