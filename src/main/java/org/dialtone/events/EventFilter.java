package org.dialtone.events;

import java.util.Set;
import java.util.function.Predicate;
import org.dialtone.core.event.ChannelEvent;
import org.dialtone.core.event.EventType;
import org.dialtone.core.event.PartyInfo;

/**
 * Which events a subscriber wants: event types (empty = all) and extension numbers (empty = all); an event matches an
 * extension when its caller, callee or channel party has that number.
 */
public record EventFilter(Set<EventType> types, Set<String> extensions) implements Predicate<ChannelEvent> {
    public static final EventFilter ALL = new EventFilter(Set.of(), Set.of());

    public EventFilter {
        types = Set.copyOf(types);
        extensions = Set.copyOf(extensions);
    }

    @Override
    public boolean test(ChannelEvent e) {
        if (!types.isEmpty() && !types.contains(e.type())) return false;
        if (extensions.isEmpty()) return true;
        return has(e.caller()) || has(e.callee()) || has(e.channel());
    }

    private boolean has(PartyInfo party) {
        return party != null && party.number() != null && extensions.contains(party.number());
    }
}
