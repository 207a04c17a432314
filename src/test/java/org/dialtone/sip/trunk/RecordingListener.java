package org.dialtone.sip.trunk;


import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dialtone.core.channel.HangupCause;
import org.dialtone.core.signalling.LegListener;
import org.dialtone.core.signalling.SignallingLeg;

/**
 * A {@link LegListener} that records what the adapter reports, in order. Like the core, it releases a leg's media
 * when the leg ends by itself; a test that ends a leg ({@link #hangup}) releases it too.
 */
final class RecordingListener implements LegListener {
    record Event(String kind, SignallingLeg leg, HangupCause cause) {}

    final List<Event> events = new CopyOnWriteArrayList<>();

    @Override public void ringing(SignallingLeg leg) { events.add(new Event("ringing", leg, null)); }

    @Override public void earlyMedia(SignallingLeg leg) { events.add(new Event("earlyMedia", leg, null)); }

    @Override public void answered(SignallingLeg leg) { events.add(new Event("answered", leg, null)); }

    @Override
    public void ended(SignallingLeg leg, HangupCause cause) {
        events.add(new Event("ended", leg, cause));
        leg.media().release();
    }

    /** What the core does to end a leg: hang it up, then release its media. */
    static void hangup(SignallingLeg leg, HangupCause cause) {
        leg.hangup(cause);
        leg.media().release();
    }

    List<String> kinds() { return events.stream().map(Event::kind).toList(); }

    Event await(String kind, Duration timeout) {
        org.awaitility.Awaitility.await(kind).atMost(timeout).pollInterval(Duration.ofMillis(20)).until(() -> has(kind));
        return events.stream().filter(e -> e.kind().equals(kind)).findFirst().orElseThrow();
    }

    HangupCause awaitEnded(Duration timeout) { return await("ended", timeout).cause(); }

    boolean has(String kind) { return events.stream().anyMatch(e -> e.kind().equals(kind)); }
}
