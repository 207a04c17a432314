package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a request without valid credentials costs the switch: one stateless answer, no transaction (so a spoofed
 * INVITE is never retransmitted to the address it pretends to come from), and no user name longer than 128 bytes is
 * looked at.
 */
class UnauthenticatedRequestsIT {
    /** Longer than the 500 ms and 1.5 s at which a kept INVITE transaction retransmits its 407 over UDP. */
    private static final Duration RETRANSMIT_WINDOW = Duration.ofMillis(1800);
    private static SwitchFixture sw;

    @BeforeAll static void start() { sw = new SwitchFixture(); }

    @AfterAll static void stop() { sw.closeCheckingNoLeak(); }

    @Test
    void anInviteWithoutCredentialsGetsOne407AndNoRetransmission() {
        try (RawSip ua = new RawSip(sw.dialtone.sipPort())) {
            RawSip.Request invite = RegistrarIT.invite(ua, "200", "201");
            ua.send(invite.text()); // never ACKed, as a spoofed source would not
            List<RawSip.Msg> answers = new ArrayList<>();
            for (Optional<RawSip.Msg> m = ua.receive(RETRANSMIT_WINDOW); m.isPresent(); m = ua.receive(RETRANSMIT_WINDOW)) {
                answers.add(m.get());
            }
            assertThat(answers).extracting(RawSip.Msg::status).containsExactly(407);
            assertThat(answers.get(0).headers("Proxy-Authenticate")).isNotEmpty()
                    .allSatisfy(c -> assertThat(c).contains("qop=\"auth\""));
        }
    }

    @Test
    void wrongCredentialsAreAlsoAnsweredStatelessly() {
        try (RawSip ua = new RawSip(sw.dialtone.sipPort())) {
            RawSip.Request invite = RegistrarIT.invite(ua, "200", "201");
            ua.send(invite.text());
            RawSip.Msg challenge = ua.receive(RawSip.WAIT).orElseThrow();
            assertThat(challenge.status()).isEqualTo(407);
            ua.send(invite.ack(challenge).text());
            RawSip.Request retry = invite.next().authorize(challenge, "200", "a-wrong-password");
            ua.send(retry.text());
            List<Integer> statuses = new ArrayList<>();
            for (Optional<RawSip.Msg> m = ua.receive(RETRANSMIT_WINDOW); m.isPresent(); m = ua.receive(RETRANSMIT_WINDOW)) {
                statuses.add(m.get().status());
            }
            assertThat(statuses).containsExactly(407);
        }
        assertThat(sw.dialtone.calls().callsStarted()).isZero();
    }

    @Test
    void aUserNameOver128BytesIs400ForRegisterAndInvite() {
        String longName = "u".repeat(129);
        String longest = "u".repeat(128);
        try (RawSip ua = new RawSip(sw.dialtone.sipPort())) {
            assertThat(ua.call(ua.register(longName)).status()).isEqualTo(400);
            assertThat(ua.call(ua.register(longest)).status()).isEqualTo(401);

            RawSip.Request invite = RegistrarIT.invite(ua, "200", "201");
            RawSip.Msg challenge = ua.call(invite);
            RawSip.Request withLongUser = invite.next().authorize(challenge, "200", "whatever-it-is");
            String header = withLongUser.headers.get("Proxy-Authorization")
                    .replace("username=\"200\"", "username=\"" + "é".repeat(65) + "\""); // 130 bytes in UTF-8
            withLongUser.header("Proxy-Authorization", header);
            assertThat(ua.call(withLongUser).status()).isEqualTo(400);
        }
    }
}
