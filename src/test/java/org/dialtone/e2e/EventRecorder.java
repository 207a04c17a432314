package org.dialtone.e2e;


import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.dialtone.core.event.ChannelEvent;
import org.dialtone.core.event.EventBus;
import org.dialtone.core.event.EventType;

/** Records every event the switch publishes, for assertions on what a client of the event stream would see. */
final class EventRecorder implements AutoCloseable {
    private final List<ChannelEvent> events = new CopyOnWriteArrayList<>();
    private final AutoCloseable subscription;

    EventRecorder(EventBus bus) {
        subscription = bus.subscribe(e -> events.add(e.event()));
    }

    List<ChannelEvent> all() { return List.copyOf(events); }

    /** Waits for the first event of {@code type} matching {@code filter}. */
    ChannelEvent await(EventType type, Predicate<ChannelEvent> filter, Duration timeout) {
        AtomicReference<ChannelEvent> found = new AtomicReference<>();
        org.awaitility.Awaitility.await(type.wire() + " event; seen: " + summary()).atMost(timeout).until(() -> {
            for (ChannelEvent e : events) {
                if (e.type() == type && filter.test(e)) {
                    found.set(e);
                    return true;
                }
            }
            return false;
        });
        return found.get();
    }

    /** The channel id of the first channel of {@code number} that was dialled. */
    String channelIdOf(String number, Duration timeout) {
        return await(EventType.DIAL_BEGIN, e -> number.equals(e.channel().number()), timeout).channel().channelId();
    }

    String summary() {
        StringBuilder b = new StringBuilder();
        for (ChannelEvent e : events) b.append(e.type().wire()).append('(').append(e.channel().number()).append(") ");
        return b.toString();
    }

    @Override
    public void close() throws Exception { subscription.close(); }
}
