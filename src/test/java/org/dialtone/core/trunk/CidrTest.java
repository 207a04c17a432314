package org.dialtone.core.trunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class CidrTest {
    @Test void ipv4NetworkContainsItsAddressesOnly() throws Exception {
        Cidr net = Cidr.parse("192.0.2.0/24");
        assertThat(net.contains(ip("192.0.2.0"))).isTrue();
        assertThat(net.contains(ip("192.0.2.255"))).isTrue();
        assertThat(net.contains(ip("192.0.3.1"))).isFalse();
        assertThat(net.contains(ip("2001:db8::1"))).isFalse();
        assertThat(net.contains(null)).isFalse();
        assertThat(net.toString()).isEqualTo("192.0.2.0/24");
        assertThat(net.isIpv6()).isFalse();
    }

    @Test void oddPrefixLengths() throws Exception {
        Cidr net = Cidr.parse("10.0.0.0/13");
        assertThat(net.contains(ip("10.7.255.255"))).isTrue();
        assertThat(net.contains(ip("10.8.0.0"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
        assertThat(Cidr.parse("127.0.0.2/32").contains(ip("127.0.0.2"))).isTrue();
        assertThat(Cidr.parse("127.0.0.2/32").contains(ip("127.0.0.3"))).isFalse();
    }

    @Test void bareAddressIsOneHost() throws Exception {
        assertThat(Cidr.parse("198.51.100.7")).isEqualTo(Cidr.parse("198.51.100.7/32"));
        assertThat(Cidr.parse(" ::1 ").toString()).isEqualTo("::1/128");
        assertThat(Cidr.parse("[::1]").contains(ip("::1"))).isTrue();
    }

    @Test void ipv6Networks() throws Exception {
        Cidr net = Cidr.parse("2001:DB8::/32");
        assertThat(net.toString()).isEqualTo("2001:db8::/32");
        assertThat(net.isIpv6()).isTrue();
        assertThat(net.contains(ip("2001:db8:ffff::7"))).isTrue();
        assertThat(net.contains(ip("2001:db9::1"))).isFalse();
        assertThat(net.contains(ip("192.0.2.1"))).isFalse();
        assertThat(Cidr.parse("fe80:0:0:0:1:0:0:0/128").toString()).isEqualTo("fe80::1:0:0:0/128");
        assertThat(Cidr.parse("1:2:3:4:5:6:7:8/128").toString()).isEqualTo("1:2:3:4:5:6:7:8/128");
        assertThat(Cidr.parse("::/0").contains(ip("2001:db8::1"))).isTrue();
    }

    @Test void ipv4MappedAddressesMatchBothWays() throws Exception {
        assertThat(Cidr.parse("::ffff:192.0.2.0/120").contains(ip("192.0.2.9"))).isTrue();
        assertThat(Cidr.parse("::ffff:192.0.2.0/120").contains(ip("192.0.3.9"))).isFalse();
        assertThat(Cidr.parse("192.0.2.0/24").contains(InetAddress.getByAddress(
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, 0, 2, 9}))).isTrue();
    }

    @Test void refusesWhatIsNotANetwork() {
        bad("", "empty network");
        bad("example.com/24", "not an IPv4 or IPv6 address: \"example.com\"");
        bad("localhost", "not an IPv4 or IPv6 address");
        bad("256.0.0.1/32", "not an IPv4 or IPv6 address");
        bad("10.0.0/8", "not an IPv4 or IPv6 address");
        bad("010.0.0.1", "not an IPv4 or IPv6 address");
        bad("1:2:3:4:5:6:7:8:9", "not an IPv4 or IPv6 address");
        bad("1::2::3", "not an IPv4 or IPv6 address");
        bad("fe80::1%eth0", "not an IPv4 or IPv6 address");
        bad("10.0.0.0/33", "prefix length must be 0-32, got \"33\"");
        bad("2001:db8::/129", "prefix length must be 0-128");
        bad("10.0.0.0/", "prefix length must be 0-32, got \"\"");
        bad("10.0.0.0/-1", "prefix length must be 0-32");
        bad("10.0.0.5/24", "address has bits set beyond the prefix length; did you mean 10.0.0.0/24?");
    }

    @Test void literalsAreRecognisedWithoutLookingAnythingUp() {
        assertThat(Cidr.isIpLiteral("127.0.0.2")).isTrue();
        assertThat(Cidr.isIpLiteral("[2001:db8::1]")).isTrue();
        assertThat(Cidr.isIpLiteral("sip.carrier.example")).isFalse();
        assertThat(Cidr.isIpLiteral("abc")).isFalse();
        assertThat(Cidr.ofAddress("127.0.0.2")).contains(Cidr.parse("127.0.0.2/32"));
        assertThat(Cidr.ofAddress("2001:db8::1").map(Cidr::toString)).contains("2001:db8::1/128");
        assertThat(Cidr.ofAddress("sip.carrier.example")).isEmpty();
    }

    private static void bad(String text, String message) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    /** Literal addresses only: getByName does no lookup for them. */
    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }
}
