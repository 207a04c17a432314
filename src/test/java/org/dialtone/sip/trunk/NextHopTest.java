package org.dialtone.sip.trunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.dialtone.core.trunk.NumberFormat;
import org.dialtone.core.trunk.Trunk;
import org.junit.jupiter.api.Test;

class NextHopTest {
    @Test
    void theTrunkItselfWithoutAnOutboundProxy() {
        assertThat(NextHop.of(trunk("carrier.example", 5080, "TCP", null)))
                .isEqualTo(new NextHop("carrier.example", 5080, "tcp"));
    }

    @Test
    void theOutboundProxyWhenThereIsOne() {
        assertThat(NextHop.of(trunk("carrier.example", 5080, "udp", "192.0.2.1:5070")))
                .isEqualTo(new NextHop("192.0.2.1", 5070, "udp"));
        assertThat(NextHop.of(trunk("carrier.example", 5080, "udp", "proxy.example")))
                .isEqualTo(new NextHop("proxy.example", 5060, "udp"));
        assertThat(NextHop.of(trunk("carrier.example", 5080, "udp", "[2001:db8::1]:5071")))
                .isEqualTo(new NextHop("2001:db8::1", 5071, "udp"));
        assertThat(NextHop.of(trunk("carrier.example", 5080, "udp", "2001:db8::1")))
                .isEqualTo(new NextHop("2001:db8::1", 5060, "udp"));
    }

    @Test
    void ipv6HostsAreBracketedInUris() {
        assertThat(NextHop.uriHost("2001:db8::1")).isEqualTo("[2001:db8::1]");
        assertThat(NextHop.uriHost("[2001:db8::1]")).isEqualTo("[2001:db8::1]");
        assertThat(NextHop.uriHost("127.0.0.2")).isEqualTo("127.0.0.2");
    }

    @Test
    void aBadProxyPortNamesTheTrunkAndTheKey() {
        assertThatThrownBy(() -> NextHop.of(trunk("carrier.example", 5060, "udp", "proxy.example:fifty")))
                .hasMessageContaining("trunk t1").hasMessageContaining("outbound_proxy");
    }

    private static Trunk trunk(String host, int port, String transport, String proxy) {
        return new Trunk("t1", host, port, transport, proxy, null, false, Duration.ofSeconds(600), List.of(), 0,
                NumberFormat.E164_PLUS, Duration.ZERO, null);
    }
}
