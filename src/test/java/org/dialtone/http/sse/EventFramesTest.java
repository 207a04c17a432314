package org.dialtone.http.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.dialtone.core.event.ChannelEvent;
import org.dialtone.core.event.EventBus.SequencedEvent;
import org.dialtone.core.event.EventType;
import org.junit.jupiter.api.Test;

class EventFramesTest {
    private static SequencedEvent event(long id, String customer) {
        return new SequencedEvent(id, new ChannelEvent(EventType.HANGUP, "1.000001", "1.000001", 1_764_061_200.123,
                "outbound", customer, null, null, null));
    }

    @Test void anEventIsEncodedOnceForEveryStream() {
        EventFrames frames = new EventFrames(8);
        SequencedEvent e = event(5, "1000001");
        byte[] first = frames.frame(e);
        assertThat(frames.frame(e)).isSameAs(first);
        assertThat(new String(first, StandardCharsets.UTF_8)).startsWith("id: 5\n").contains("\"customer_code\":\"1000001\"");
    }

    @Test void anotherEventWithTheSameIdGetsItsOwnFrame() {
        EventFrames frames = new EventFrames(8);
        byte[] a = frames.frame(event(5, "1000001"));
        byte[] b = frames.frame(event(5, "1000002")); // another customer's sequence: same id, other event
        byte[] c = frames.frame(event(13, "1000001")); // same slot (13 mod 8)
        assertThat(new String(b, StandardCharsets.UTF_8)).contains("\"customer_code\":\"1000002\"");
        assertThat(new String(c, StandardCharsets.UTF_8)).startsWith("id: 13\n");
        assertThat(a).isNotEqualTo(b);
    }
}
