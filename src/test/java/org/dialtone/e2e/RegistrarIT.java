package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registrar as RFC 3261 §10 describes it, driven with hand-written REGISTERs over UDP (one switch for the class;
 * each test starts from an empty location table). Defaults: min_expires 60, max_expires 3600.
 */
class RegistrarIT {
    private static final Duration T = Duration.ofSeconds(5);
    private static SwitchFixture sw;

    @BeforeAll static void start() { sw = new SwitchFixture(); }
    @AfterAll static void stop() { sw.close(); }

    @BeforeEach
    void noRegistrations() {
        for (String user : new String[] {"200", "201"}) {
            try (RawSip ua = new RawSip(sw.dialtone.sipPort())) {
                ua.callWithAuth(ua.register(user).header("Contact", "*").header("Expires", "0"), user, SwitchFixture.password(user));
            }
        }
        await().atMost(T).until(() -> sw.dialtone.sip().registrations() == 0);
    }

    @Test
    void expiresBelowMinimumIsTooBriefWithMinExpires() {
        try (RawSip ua = new RawSip(sw.dialtone.sipPort())) {
            var r = ua.callWithAuth(ua.register("200").header("Expires", "30"), "200", SwitchFixture.password("200"));
            assertThat(r.status()).as(r.toString()).isEqualTo(423);
            assertThat(r.header("Min-Expires")).isEqualTo("60");
            assertThat(sw.dialtone.sip().registrations()).isZero();
        }
    }

    @Test
    void expiresAboveMaximumIsClampedInTheAnswer() {
        try (RawSip ua = new RawSip(sw.dialtone.sipPort())) {
            var r = ua.callWithAuth(ua.register("200").header("Expires", "7200"), "200", SwitchFixture.password("200"));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.header("Contact")).contains(ua.contact("200").replace("<", "").replace(">", ""))
                    .containsPattern("expires=(3600|3599)\\b");
            assertThat(sw.dialtone.sip().registrations()).isEqualTo(1);
        }
    }

    @Test
    void unregisterRemovesTheContactSoACallToItGets480() {
        try (RawSip bob = new RawSip(sw.dialtone.sipPort()); RawSip alice = new RawSip(sw.dialtone.sipPort())) {
            assertThat(bob.callWithAuth(bob.register("201").header("Expires", "300"), "201", SwitchFixture.password("201")).status())
                    .isEqualTo(200);
            assertThat(sw.dialtone.sip().registrations()).isEqualTo(1);

            var un = bob.callWithAuth(bob.register("201").header("Expires", "0"), "201", SwitchFixture.password("201"));
            assertThat(un.status()).isEqualTo(200);
            assertThat(un.headers("Contact")).isEmpty();
            assertThat(sw.dialtone.sip().registrations()).isZero();

            var call = alice.callWithAuth(invite(alice, "200", "201"), "200", SwitchFixture.password("200"));
            assertThat(call.status()).as(call.toString()).isEqualTo(480);
        }
        await().atMost(T).until(() -> sw.dialtone.calls().activeChannels() == 0
                && sw.dialtone.sip().openDialogs() == 0 && sw.dialtone.media().activeEndpoints() == 0);
    }

    @Test
    void wildcardWithExpiresZeroRemovesAllContacts() {
        try (RawSip desk = new RawSip(sw.dialtone.sipPort()); RawSip mobile = new RawSip(sw.dialtone.sipPort())) {
            assertThat(desk.callWithAuth(desk.register("201"), "201", SwitchFixture.password("201")).status()).isEqualTo(200);
            var second = mobile.callWithAuth(mobile.register("201"), "201", SwitchFixture.password("201"));
            assertThat(second.status()).isEqualTo(200);
            assertThat(sw.dialtone.sip().registrations()).isEqualTo(2);

            var bad = mobile.callWithAuth(mobile.register("201").header("Contact", "*").header("Expires", "60"),
                    "201", SwitchFixture.password("201"));
            assertThat(bad.status()).as("* is only allowed with Expires: 0").isEqualTo(400);
            assertThat(sw.dialtone.sip().registrations()).isEqualTo(2);

            var all = mobile.callWithAuth(mobile.register("201").header("Contact", "*").header("Expires", "0"),
                    "201", SwitchFixture.password("201"));
            assertThat(all.status()).isEqualTo(200);
            assertThat(sw.dialtone.sip().registrations()).isZero();
        }
    }

    @Test
    void registeringAnotherUsersAddressOfRecordIsForbidden() {
        try (RawSip ua = new RawSip(sw.dialtone.sipPort())) {
            var req = ua.request("REGISTER", "sip:127.0.0.1:" + sw.dialtone.sipPort(), "200", "201")
                    .header("Contact", ua.contact("200"));
            var r = ua.callWithAuth(req, "200", SwitchFixture.password("200"));
            assertThat(r.status()).as(r.toString()).isEqualTo(403);
            assertThat(sw.dialtone.sip().registrations()).isZero();
        }
    }

    @Test
    void optionsIsAnsweredWithAllow() {
        try (RawSip ua = new RawSip(sw.dialtone.sipPort())) {
            var r = ua.call(ua.request("OPTIONS", "sip:127.0.0.1:" + sw.dialtone.sipPort(), "200", "200"));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Allow")).contains("INVITE", "REGISTER", "OPTIONS", "BYE");
        }
    }

    @Test
    void aSourceWithTooManyWrongPasswordsIsRefusedWithoutFurtherChecks() {
        try (SwitchFixture strict = new SwitchFixture(Map.of(), "auth_failures_per_minute: 3");
             RawSip ua = new RawSip(strict.dialtone.sipPort())) {
            for (int i = 0; i < 3; i++) {
                var r = ua.callWithAuth(ua.register("200"), "200", "wrong" + i);
                assertThat(r.status()).as("attempt %d", i).isEqualTo(401);
            }
            var noCredentials = ua.call(ua.register("200"));
            assertThat(noCredentials.status()).as("blocked before any challenge").isEqualTo(403);
            assertThat(noCredentials.headers("WWW-Authenticate")).isEmpty();
            try (RawSip other = new RawSip(strict.dialtone.sipPort())) {
                // the limit is per source address and account, not per port: the right password for 200 from
                // 127.0.0.1 is refused too
                assertThat(other.call(other.register("200")).status()).isEqualTo(403);
            }
            assertThat(strict.dialtone.sip().registrations()).isZero();
        }
    }

    static RawSip.Request invite(RawSip ua, String from, String to) {
        return ua.request("INVITE", "sip:" + to + "@127.0.0.1", from, to)
                .header("Contact", ua.contact(from))
                .body("application/sdp", sdp(ua.localPort() + 2));
    }

    static String sdp(int rtpPort) {
        return "v=0\r\no=raw 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + rtpPort + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n";
    }
}
