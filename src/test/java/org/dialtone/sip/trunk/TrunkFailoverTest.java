package org.dialtone.sip.trunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dialtone.core.channel.HangupCause;
import org.junit.jupiter.api.Test;

class TrunkFailoverTest {
    private static TrunkState state(String name, int maxChannels) {
        return new TrunkState(TestTrunk.of(name, "192.0.2.1", 5060).maxChannels(maxChannels).build());
    }

    @Test
    void hands_out_the_next_trunk_that_takes_a_channel_skipping_down_and_full_ones() {
        TrunkState down = state("down", 0);
        down.markUp(false);
        TrunkState full = state("full", 1);
        TrunkChannel taken = TrunkChannel.outbound(full).orElseThrow();
        TrunkState ok = state("ok", 0);
        TrunkState last = state("last", 0);
        var failover = new TrunkFailover(List.of(down, full, ok, last));

        TrunkChannel first = failover.next().orElseThrow();
        assertThat(first.trunk()).isSameAs(ok);
        assertThat(failover.next().orElseThrow().trunk()).isSameAs(last);
        assertThat(failover.next()).isEmpty();
        assertThat(down.callsTotal()).isZero();
        taken.release();
    }

    @Test
    void a_channel_goes_back_exactly_once() {
        TrunkState t = state("t", 2);
        TrunkChannel c = TrunkChannel.outbound(t).orElseThrow();
        assertThat(t.activeChannels()).isEqualTo(1);
        c.release();
        c.release();
        assertThat(t.activeChannels()).isZero();
        assertThat(c.isReleased()).isTrue();
    }

    @Test
    void an_inbound_channel_ignores_the_keepalive_but_not_the_limit() {
        TrunkState t = state("t", 1);
        t.markUp(false);
        assertThat(TrunkChannel.outbound(t)).isEmpty();
        TrunkChannel in = TrunkChannel.inbound(t).orElseThrow();
        assertThat(TrunkChannel.inbound(t)).isEmpty();
        in.release();
        assertThat(t.activeChannels()).isZero();
    }

    @Test
    void final_responses_map_to_causes_and_failover() {
        assertThat(TrunkFailure.ofStatus(486).cause()).isEqualTo(HangupCause.BUSY);
        assertThat(TrunkFailure.ofStatus(600).cause()).isEqualTo(HangupCause.BUSY);
        assertThat(TrunkFailure.ofStatus(480).cause()).isEqualTo(HangupCause.NO_ANSWER);
        assertThat(TrunkFailure.ofStatus(408).cause()).isEqualTo(HangupCause.NO_ANSWER);
        assertThat(TrunkFailure.ofStatus(404).cause()).isEqualTo(HangupCause.NOT_FOUND);
        assertThat(TrunkFailure.ofStatus(484).label()).isEqualTo("invalid_number");
        assertThat(TrunkFailure.ofStatus(603).cause()).isEqualTo(HangupCause.REJECTED);
        assertThat(TrunkFailure.ofStatus(503)).isEqualTo(new TrunkFailure(HangupCause.FAILED, "503", true));
        assertThat(TrunkFailure.ofStatus(502)).isEqualTo(new TrunkFailure(HangupCause.FAILED, "5xx", true));
        assertThat(TrunkFailure.ofStatus(403)).isEqualTo(new TrunkFailure(HangupCause.FAILED, "4xx", false));
        assertThat(TrunkFailure.ofStatus(407)).isEqualTo(TrunkFailure.AUTH);
        assertThat(TrunkFailure.ofStatus(302).tryNextTrunk()).isFalse();
    }

    @Test
    void the_outbound_proxy_is_where_requests_go() {
        assertThat(TrunkHop.of(TestTrunk.of("t", "192.0.2.1", 5070).transport("TCP").build()))
                .isEqualTo(new TrunkHop("192.0.2.1", 5070, "tcp"));
        assertThat(TrunkHop.of(TestTrunk.of("t", "192.0.2.1", 5070).outboundProxy("198.51.100.2:5080").build()))
                .isEqualTo(new TrunkHop("198.51.100.2", 5080, "udp"));
        assertThat(TrunkHop.of(TestTrunk.of("t", "192.0.2.1", 5070).outboundProxy("proxy.example").build()))
                .isEqualTo(new TrunkHop("proxy.example", 5060, "udp"));
    }
}
