package org.dialtone.sip.trunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrMatcherTest {
    private static InetAddress ip(String literal) throws Exception { return InetAddress.getByName(literal); }

    @Test
    void a_network_contains_the_addresses_under_its_prefix_only() throws Exception {
        CidrMatcher net = CidrMatcher.parse("192.0.2.0/24");
        assertThat(net.matches(ip("192.0.2.0"))).isTrue();
        assertThat(net.matches(ip("192.0.2.255"))).isTrue();
        assertThat(net.matches(ip("192.0.3.1"))).isFalse();
        assertThat(net.matches(ip("2001:db8::1"))).isFalse();
    }

    @Test
    void prefixes_that_are_not_whole_bytes_are_respected() throws Exception {
        CidrMatcher net = CidrMatcher.parse("10.1.2.64/27");
        assertThat(net.matches(ip("10.1.2.64"))).isTrue();
        assertThat(net.matches(ip("10.1.2.95"))).isTrue();
        assertThat(net.matches(ip("10.1.2.96"))).isFalse();
        assertThat(net.matches(ip("10.1.2.63"))).isFalse();
    }

    @Test
    void a_bare_address_is_one_host_and_zero_prefix_is_everything() throws Exception {
        assertThat(CidrMatcher.parse("127.0.0.2").matches(ip("127.0.0.2"))).isTrue();
        assertThat(CidrMatcher.parse("127.0.0.2").matches(ip("127.0.0.3"))).isFalse();
        assertThat(CidrMatcher.parse("0.0.0.0/0").matches(ip("203.0.113.9"))).isTrue();
    }

    @Test
    void ipv6_networks_work_too() throws Exception {
        CidrMatcher net = CidrMatcher.parse("2001:db8:abcd::/48");
        assertThat(net.matches(ip("2001:db8:abcd:1::5"))).isTrue();
        assertThat(net.matches(ip("2001:db8:abce::5"))).isFalse();
        assertThat(net.matches(ip("192.0.2.1"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "carrier.example.com/32", "192.0.2.0/33", "192.0.2.0/-1", "256.0.0.1/8", "192.0.2/24",
            "2001:db8::/129", "10.0.0.0/8/8", "localhost"})
    void anything_but_an_ip_network_is_refused_without_a_dns_lookup(String bad) {
        assertThatThrownBy(() -> CidrMatcher.parse(bad)).isInstanceOf(IllegalArgumentException.class);
    }
}
