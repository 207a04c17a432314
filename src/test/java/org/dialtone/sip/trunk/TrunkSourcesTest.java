package org.dialtone.sip.trunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrunkSourcesTest {
    private static InetAddress ip(String literal) throws Exception { return InetAddress.getByName(literal); }

    @Test
    void the_source_address_picks_the_trunk_whose_network_contains_it() throws Exception {
        var sources = new TrunkSources(new Trunks(List.of(
                TestTrunk.of("wide", "192.0.2.1", 5060).inboundNetworks("192.0.2.0/24").build(),
                TestTrunk.of("narrow", "192.0.2.10", 5060).inboundNetworks("192.0.2.8/29", "198.51.100.7").build())));
        assertThat(sources.trunkFor(ip("192.0.2.200")).map(TrunkState::name)).contains("wide");
        assertThat(sources.trunkFor(ip("192.0.2.9")).map(TrunkState::name)).as("the most specific network wins").contains("narrow");
        assertThat(sources.trunkFor(ip("198.51.100.7")).map(TrunkState::name)).contains("narrow");
        assertThat(sources.trunkFor(ip("203.0.113.1"))).isEmpty();
    }

    @Test
    void a_trunk_without_networks_accepts_its_own_ip_host_and_a_host_name_accepts_nothing() throws Exception {
        var sources = new TrunkSources(new Trunks(List.of(
                TestTrunk.of("byip", "192.0.2.1", 5060).inboundNetworks().build(),
                TestTrunk.of("byname", "sip.carrier.example", 5060).inboundNetworks().build())));
        assertThat(sources.trunkFor(ip("192.0.2.1")).map(TrunkState::name)).contains("byip");
        assertThat(sources.trunkFor(ip("192.0.2.2"))).isEmpty();
    }

    @Test
    void a_bad_network_names_its_trunk() {
        assertThatThrownBy(() -> new TrunkSources(new Trunks(List.of(
                TestTrunk.of("carrier9", "192.0.2.1", 5060).inboundNetworks("192.0.2.0/40").build()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trunk carrier9")
                .hasMessageContaining("192.0.2.0/40");
    }
}
