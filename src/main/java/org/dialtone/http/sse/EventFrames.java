package org.dialtone.http.sse;

import java.util.concurrent.atomic.AtomicReferenceArray;
import org.dialtone.core.event.EventBus.SequencedEvent;

/**
 * The SSE frame of each recent event, encoded once however many streams send it. The fan-out hands every subscriber
 * of a customer the same {@link SequencedEvent} object (live and in a replay), so a slot holding that very object,
 * compared by identity, holds its frame; with a thousand streams open that is one JSON encoding per event instead of a
 * thousand. One slot per id modulo the size: another event in the slot (an older id, or another customer's event with
 * the same residue) is simply encoded again. Thread-safe without locks: a slot is an immutable pair, replaced whole.
 */
final class EventFrames {
    private record Encoded(SequencedEvent event, byte[] frame) {}

    private final AtomicReferenceArray<Encoded> slots;

    EventFrames(int size) {
        slots = new AtomicReferenceArray<>(size);
    }

    /** The event's frame ({@code id:}, {@code event:}, {@code data:}); callers must not modify the array. */
    byte[] frame(SequencedEvent e) {
        int slot = (int) Math.floorMod(e.id(), (long) slots.length());
        Encoded cached = slots.get(slot);
        if (cached != null && cached.event() == e) return cached.frame();
        byte[] frame = SseFrames.event(e.id(), e.event());
        slots.set(slot, new Encoded(e, frame));
        return frame;
    }
}
