package org.dialtone.sip.trunk;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import java.time.Duration;
import javax.sip.header.ContactHeader;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistrationTimingTest {
    private static final Duration ASKED = Duration.ofSeconds(600);

    @ParameterizedTest(name = "granted {0} s: refresh after {1} ms")
    @CsvSource({
            "3600, 2880000", // 80 %
            "600, 480000",
            "60, 48000",
            "20, 15000",     // 80 % would leave only 4 s: at least 5 s before the end
            "10, 5000",
            "6, 3000",       // 5 s before the end would be after 1 s: never before half of it
            "1, 500"})
    void refreshesAtEightyPercentAndAtLeastFiveSecondsBeforeTheEnd(long grantedSeconds, long expectedMillis) {
        assertThat(RegistrationTiming.refreshDelay(Duration.ofSeconds(grantedSeconds))).isEqualTo(Duration.ofMillis(expectedMillis));
    }

    @Test
    void backsOffExponentiallyFromFiveSecondsUpToFiveMinutes() {
        assertThat(java.util.stream.IntStream.rangeClosed(1, 9).mapToObj(n -> RegistrationTiming.retryDelay(n, null).toSeconds()))
                .containsExactly(5L, 10L, 20L, 40L, 80L, 160L, 300L, 300L, 300L);
        assertThat(RegistrationTiming.retryDelay(10_000, null)).as("no overflow after many failures").isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void honoursRetryAfterUpToAnHour() {
        assertThat(RegistrationTiming.retryDelay(1, Duration.ofSeconds(42))).isEqualTo(Duration.ofSeconds(42));
        assertThat(RegistrationTiming.retryDelay(8, Duration.ofSeconds(2))).as("even below the back-off").isEqualTo(Duration.ofSeconds(2));
        assertThat(RegistrationTiming.retryDelay(1, Duration.ofDays(3))).isEqualTo(Duration.ofHours(1));
        assertThat(RegistrationTiming.retryAfter(response("503 Service Unavailable", "Retry-After: 120"))).isEqualTo(Duration.ofSeconds(120));
        assertThat(RegistrationTiming.retryAfter(response("503 Service Unavailable"))).isNull();
    }

    @Test
    void takesTheExpiresParameterOfOurOwnContact() throws Exception {
        Response ok = response("200 OK",
                "Contact: <sip:192.0.2.9:5060>;expires=3600",
                "Contact: <sip:127.0.0.1:5070;transport=udp>;expires=300",
                "Expires: 1200");
        assertThat(RegistrationTiming.granted(ok, ours(), ASKED)).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void takesTheOnlyContactWhenTheRegistrarRewroteOurs() throws Exception {
        Response ok = response("200 OK", "Contact: <sip:198.51.100.4:61000;transport=udp>;expires=240", "Expires: 1200");
        assertThat(RegistrationTiming.granted(ok, ours(), ASKED)).isEqualTo(Duration.ofSeconds(240));
    }

    @Test
    void fallsBackToTheExpiresHeaderThenToWhatWeAsked() throws Exception {
        Response others = response("200 OK", "Contact: <sip:192.0.2.9:5060>;expires=3600",
                "Contact: <sip:192.0.2.10:5060>;expires=3600", "Expires: 1200");
        assertThat(RegistrationTiming.granted(others, ours(), ASKED)).isEqualTo(Duration.ofSeconds(1200));
        Response noExpiry = response("200 OK", "Contact: <sip:127.0.0.1:5070;transport=udp>");
        assertThat(RegistrationTiming.granted(noExpiry, ours(), ASKED)).isEqualTo(ASKED);
        assertThat(RegistrationTiming.granted(response("200 OK"), ours(), ASKED)).isEqualTo(ASKED);
    }

    @Test
    void aDefaultPortMatchesAnExplicit5060() throws Exception {
        ContactHeader ours = new HeaderFactoryImpl().createContactHeader(
                new AddressFactoryImpl().createAddress("<sip:127.0.0.1:5060;transport=udp>"));
        Response ok = response("200 OK", "Contact: <sip:127.0.0.1>;expires=90", "Contact: <sip:192.0.2.9>;expires=3600");
        assertThat(RegistrationTiming.granted(ok, ours, ASKED)).isEqualTo(Duration.ofSeconds(90));
    }

    private static ContactHeader ours() throws Exception {
        return new HeaderFactoryImpl().createContactHeader(
                new AddressFactoryImpl().createAddress("<sip:127.0.0.1:5070;transport=udp>"));
    }

    private static Response response(String statusLine, String... headers) {
        StringBuilder b = new StringBuilder("SIP/2.0 ").append(statusLine).append("\r\n")
                .append("Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK1\r\n")
                .append("From: <sip:trunkuser@127.0.0.2>;tag=1\r\nTo: <sip:trunkuser@127.0.0.2>;tag=2\r\n")
                .append("Call-ID: test\r\nCSeq: 1 REGISTER\r\n");
        for (String h : headers) b.append(h).append("\r\n");
        b.append("Content-Length: 0\r\n\r\n");
        try {
            return new MessageFactoryImpl().createResponse(b.toString());
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
