package org.dialtone.core.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dialtone.core.call.CoreRig.C1;
import static org.dialtone.core.call.CoreRig.C2;
import static org.dialtone.core.call.CoreRig.channel;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.dialtone.core.call.ExtensionStatus.Status;
import org.dialtone.core.call.FakeSignalling.FakeLeg;
import org.dialtone.core.event.ChannelEvent;
import org.dialtone.core.event.EventType;
import org.dialtone.core.location.Registration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What is live now, read through {@link LiveCalls}, with phones faked; 202 has no registered device. */
class LiveCallsTest {
    private final CoreRig rig = new CoreRig(Duration.ofSeconds(30), Duration.ofSeconds(45));
    private final LiveCalls live = new LiveCalls(rig.service, user -> user.equals("202") ? List.of()
            : List.of(new Registration(user, "sip:" + user + "@127.0.0.1:5062", "127.0.0.1:5062", "udp", "c1",
                    Instant.now().plusSeconds(60), "phone/1.0")));

    @AfterEach
    void close() { rig.close(); }

    @Test void aBridgedCallShowsTwoChannelsWithTheEventsParties() {
        FakeLeg[] call = rig.talking("200", "201");
        ChannelEvent bridge = rig.awaitEvent(EventType.BRIDGE, e -> true);

        List<LiveChannel> channels = live.channels(C1);
        assertThat(channels).hasSize(2);
        LiveChannel caller = channels.get(0);
        LiveChannel callee = channels.get(1);
        assertThat(caller.channelId()).isEqualTo(channel(call[0]).channelId());
        for (LiveChannel c : channels) {
            assertThat(c.caller()).isEqualTo(bridge.caller());
            assertThat(c.callee()).isEqualTo(bridge.callee());
            assertThat(c.linkedId()).isEqualTo(bridge.linkedId());
            assertThat(c.direction()).isEqualTo("internal");
            assertThat(c.onHold()).isFalse();
            assertThat(c.parkedAt()).isNull();
            assertThat(c.beingRung()).isFalse();
        }
        assertThat(caller.channel()).isEqualTo(caller.caller());
        assertThat(callee.channel()).isEqualTo(callee.callee());
        assertThat(caller.bridgedWith()).isEqualTo(callee.channelId());
        assertThat(callee.bridgedWith()).isEqualTo(caller.channelId());
        assertThat(caller.uniqueId()).isEqualTo(caller.linkedId());
        assertThat(live.channel(C1, callee.channelId())).contains(callee);

        assertThat(live.channels(C2)).as("another customer's").isEmpty();
        assertThat(live.channel(C2, callee.channelId())).as("another customer's").isEmpty();
        assertThat(live.channel(C1, "no-such-channel")).isEmpty();
        call[0].end(org.dialtone.core.channel.HangupCause.NORMAL);
        rig.awaitNoCalls();
        assertThat(live.channels(C1)).isEmpty();
        assertThat(live.channel(C1, callee.channelId())).isEmpty();
    }

    @Test void extensionsShowRingingOnCallIdleAndOffline() {
        FakeLeg caller = rig.dial("200", "201");
        rig.port.awaitRung(C1, "201");

        List<ExtensionStatus> extensions = live.extensions(C1);
        assertThat(extensions).extracting(e -> e.extension().number()).containsExactly("200", "201", "202", "226");
        assertThat(extensions).extracting(ExtensionStatus::status)
                .containsExactly(Status.ON_CALL, Status.RINGING, Status.OFFLINE, Status.IDLE);
        assertThat(extensions.get(3).devices()).singleElement().extracting(Registration::userAgent)
                .isEqualTo("phone/1.0");
        assertThat(extensions.get(2).devices()).isEmpty();
        LiveChannel rung = live.channels(C1).get(1);
        assertThat(rung.beingRung()).isTrue();
        assertThat(rung.caller().number()).isEqualTo("200");
        assertThat(rung.callee()).isEqualTo(rung.channel());
        assertThat(live.channels(C1).get(0).callee()).as("the caller's callee is whom it rings").isEqualTo(rung.channel());
        assertThat(live.extension(C1, "226")).map(ExtensionStatus::status).contains(Status.IDLE);
        assertThat(live.extension(C1, "999")).isEmpty();
        assertThat(live.extension(C2, "226")).as("another customer's").isEmpty();
        caller.end(org.dialtone.core.channel.HangupCause.NORMAL);
        rig.awaitNoCalls();
        assertThat(live.extensions(C1)).extracting(ExtensionStatus::status)
                .containsExactly(Status.IDLE, Status.IDLE, Status.OFFLINE, Status.IDLE);
    }

    @Test void aParkedCallShowsInItsSpotWithWhoParkedItAndWhenItRingsBack() {
        FakeLeg[] call = rig.talking("200", "201");
        String parked = channel(call[0]).channelId();
        Instant before = Instant.now();
        rig.service.park(C1, parked, "703");
        call[1].awaitHungUp();

        List<LiveSpot> spots = live.parking(C1);
        assertThat(spots).extracting(LiveSpot::spot)
                .containsExactly("701", "702", "703", "704", "705", "706", "707", "708", "709", "710");
        assertThat(spots).filteredOn(LiveSpot::occupied).singleElement().satisfies(s -> {
            assertThat(s.spot()).isEqualTo("703");
            assertThat(s.channel().channelId()).isEqualTo(parked);
            assertThat(s.channel().channel().number()).isEqualTo("200");
            assertThat(s.channel().parkedAt()).isEqualTo("703");
            assertThat(s.channel().onHold()).isTrue();
            assertThat(s.channel().bridgedWith()).isNull();
            assertThat(s.parkerNumber()).isEqualTo("201");
            assertThat(s.parkerName()).isEqualTo("Name201");
            assertThat(s.parkedAt()).isBetween(before.minusMillis(1), Instant.now());
            assertThat(Duration.between(s.parkedAt(), s.timeoutAt()).toSeconds()).isEqualTo(45);
        });
        assertThat(live.parking(C2)).noneMatch(LiveSpot::occupied);
        assertThat(live.extensions(C1)).extracting(ExtensionStatus::status)
                .containsExactly(Status.ON_CALL, Status.IDLE, Status.OFFLINE, Status.IDLE);
        call[0].end(org.dialtone.core.channel.HangupCause.NORMAL);
        rig.awaitNoCalls();
        assertThat(live.parking(C1)).noneMatch(LiveSpot::occupied);
    }
}
