package org.dialtone.e2e;


import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.dialtone.core.event.ChannelEvent;
import org.dialtone.core.event.EventBus;
import org.dialtone.core.event.EventType;

/**
 * Every channel event a switch published since it started, in publication order (subscribed before any phone exists,
 * so none is missed).
 */
public final class EventLog implements AutoCloseable {
    private final List<ChannelEvent> events = new CopyOnWriteArrayList<>();
    private final AutoCloseable subscription;

    EventLog(EventBus bus) {
        subscription = bus.subscribe(e -> events.add(e.event()));
    }

    public List<ChannelEvent> all() { return List.copyOf(events); }

    public List<ChannelEvent> of(EventType type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }

    /** Waits until {@code count} events match, then returns every event published so far. */
    public List<ChannelEvent> awaitMatching(Predicate<ChannelEvent> filter, int count, Duration timeout) {
        org.awaitility.Awaitility.await("events matching, seen: " + describe()).atMost(timeout).pollInterval(Duration.ofMillis(20))
                .until(() -> events.stream().filter(filter).count() >= count);
        return all();
    }

    /** Waits for the first event of {@code type} matching {@code filter} and returns it. */
    public ChannelEvent await(EventType type, Predicate<ChannelEvent> filter, Duration timeout) {
        Predicate<ChannelEvent> wanted = e -> e.type() == type && filter.test(e);
        awaitMatching(wanted, 1, timeout);
        return events.stream().filter(wanted).findFirst().orElseThrow();
    }

    /** The channel id of the first channel of {@code number} that was dialled. */
    public String channelIdOf(String number, Duration timeout) {
        return await(EventType.DIAL_BEGIN, e -> number.equals(e.channel().number()), timeout).channel().channelId();
    }

    /** Waits until {@code count} hangup events were published (one per channel), then returns every event. */
    public List<ChannelEvent> awaitHangups(int count, Duration timeout) {
        return awaitMatching(e -> e.type() == EventType.HANGUP, count, timeout);
    }

    /** One line per event: {@code type(channel number, state, dial_status)}, for failure messages. */
    public String describe() {
        StringBuilder b = new StringBuilder("[");
        for (ChannelEvent e : events) {
            if (b.length() > 1) b.append(", ");
            b.append(e.type().wire()).append('(').append(e.channel().number()).append(' ')
                    .append(e.channel().state()).append(' ').append(e.channel().dialStatus()).append(')');
        }
        return b.append(']').toString();
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception ignored) {
            // in-process bus: nothing can fail
        }
    }
}
