package org.dialtone.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import org.dialtone.core.event.ChannelEvent;
import org.dialtone.core.event.EventBus.SequencedEvent;
import org.dialtone.core.event.EventType;
import org.dialtone.core.event.InProcessEventBus;
import org.dialtone.core.event.PartyInfo;
import org.junit.jupiter.api.Test;

class EventFanoutTest {
    private final InProcessEventBus bus = new InProcessEventBus();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };

    @Test void bufferForgetsEventsOlderThanMaxAgeAndReportsTheGap() {
        var fanout = new EventFanout(bus, 100, Duration.ofMinutes(10), 10, metrics, clock);
        bus.publish(event("1000001"));                 // id 1, will age out
        now = now.plus(Duration.ofMinutes(6));
        bus.publish(event("1000001"));                 // id 2
        now = now.plus(Duration.ofMinutes(5));         // id 1 is 11 min old now
        var s = fanout.subscribe("1000001", OptionalLong.of(0), EventFilter.ALL);
        assertThat(s.gap()).isEqualTo(new Gap(0, 2, 2));
        assertThat(s.replay()).extracting(SequencedEvent::id).containsExactly(2L);
    }

    @Test void replayIsPerCustomerAndFiltered() {
        var fanout = new EventFanout(bus, 100, Duration.ofMinutes(10), 10, metrics, clock);
        bus.publish(event("1000001"));
        bus.publish(event("2000002"));
        bus.publish(event("1000001"));
        var s = fanout.subscribe("1000001", OptionalLong.of(0), EventFilter.ALL);
        assertThat(s.gap()).isNull();
        assertThat(s.replay()).extracting(e -> e.event().customerCode()).containsOnly("1000001");
        assertThat(s.replay()).extracting(SequencedEvent::id).containsExactly(1L, 2L);
        var none = fanout.subscribe("1000001", OptionalLong.of(1), new EventFilter(java.util.Set.of(EventType.HANGUP), java.util.Set.of()));
        assertThat(none.replay()).isEmpty();
        assertThat(none.gap()).isNull();
    }

    @Test void overflowClosesOnlyTheSlowSubscriberAndPublishingNeverBlocks() throws Exception {
        var fanout = new EventFanout(bus, 100, Duration.ofMinutes(10), 2, metrics, clock);
        var slow = fanout.subscribe("1000001", OptionalLong.empty(), EventFilter.ALL);
        var cut = new java.util.concurrent.CountDownLatch(1);
        slow.onForcedClose(cut::countDown);
        var fast = fanout.subscribe("1000001", OptionalLong.empty(), EventFilter.ALL);
        for (int i = 0; i < 3; i++) {
            bus.publish(event("1000001"));
            if (i < 2) assertThat(fast.next(Duration.ZERO).id()).isEqualTo(i + 1);
        }
        assertThat(slow.closeReason()).isEqualTo(Subscription.CloseReason.SLOW);
        assertThat(cut.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(slow.next(Duration.ZERO)).isNull();
        assertThat(fast.next(Duration.ZERO).id()).isEqualTo(3);
        assertThat(fanout.subscribers()).isEqualTo(1);
        assertThat(metrics.counter("dialtone.events.slow_disconnects").count()).isEqualTo(1);
        fanout.close();
        assertThat(fast.closeReason()).isEqualTo(Subscription.CloseReason.SHUTDOWN);
        assertThat(fanout.subscribers()).isZero();
    }

    @Test void closingTheStreamsOfATokenEndsThoseAndNoOthers() throws Exception {
        var fanout = new EventFanout(bus, 100, Duration.ofMinutes(10), 10, metrics, clock);
        var revoked1 = fanout.subscribe("1000001", "aa".repeat(32), OptionalLong.empty(), EventFilter.ALL);
        var revoked2 = fanout.subscribe("1000001", "aa".repeat(32), OptionalLong.empty(), EventFilter.ALL);
        var cut = new java.util.concurrent.CountDownLatch(2);
        revoked1.onForcedClose(cut::countDown);
        revoked2.onForcedClose(cut::countDown);
        var sameCustomerOtherToken = fanout.subscribe("1000001", "bb".repeat(32), OptionalLong.empty(), EventFilter.ALL);
        var otherCustomer = fanout.subscribe("2000002", "cc".repeat(32), OptionalLong.empty(), EventFilter.ALL);
        bus.publish(event("1000001"));

        assertThat(fanout.closeStreamsOfToken("AA".repeat(32))).isEqualTo(2);

        assertThat(revoked1.closeReason()).isEqualTo(Subscription.CloseReason.REVOKED);
        assertThat(revoked1.next(Duration.ofSeconds(1))).as("queued events are dropped, the writer stops").isNull();
        assertThat(revoked2.closeReason()).isEqualTo(Subscription.CloseReason.REVOKED);
        assertThat(cut.await(5, java.util.concurrent.TimeUnit.SECONDS)).as("connections are cut").isTrue();
        assertThat(sameCustomerOtherToken.closeReason()).isNull();
        assertThat(sameCustomerOtherToken.next(Duration.ZERO).id()).isEqualTo(1);
        assertThat(otherCustomer.closeReason()).isNull();
        assertThat(fanout.subscribers()).isEqualTo(2);
        bus.publish(event("1000001"));
        assertThat(revoked1.next(Duration.ZERO)).isNull();
        assertThat(fanout.closeStreamsOfToken("aa".repeat(32))).isZero();
    }

    @Test void closingTheStreamsOfACustomerEndsAllOfItsStreams() throws Exception {
        var fanout = new EventFanout(bus, 100, Duration.ofMinutes(10), 10, metrics, clock);
        var a = fanout.subscribe("1000001", "aa".repeat(32), OptionalLong.empty(), EventFilter.ALL);
        var b = fanout.subscribe("1000001", OptionalLong.empty(), EventFilter.ALL);
        var other = fanout.subscribe("2000002", OptionalLong.empty(), EventFilter.ALL);

        assertThat(fanout.closeStreamsOfCustomer("1000001")).isEqualTo(2);
        assertThat(fanout.closeStreamsOfCustomer("3000003")).isZero();

        assertThat(a.closeReason()).isEqualTo(Subscription.CloseReason.REVOKED);
        assertThat(b.closeReason()).isEqualTo(Subscription.CloseReason.REVOKED);
        assertThat(other.closeReason()).isNull();
        assertThat(fanout.subscribers()).isEqualTo(1);
    }

    private static ChannelEvent event(String customer) {
        PartyInfo p = new PartyInfo("up", "200", "A", "200", null, null, null, null, null, null);
        return new ChannelEvent(EventType.BRIDGE, "1.000001", "1.000001", 1.0, "internal", customer, p, p, p);
    }
}
