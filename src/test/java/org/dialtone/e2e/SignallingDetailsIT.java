package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import org.dialtone.testing.BaresipPhone;
import org.junit.jupiter.api.Test;

/**
 * A CANCEL only cancels the INVITE transaction it matches, not any call with its Call-ID; and DTMF a phone sends as
 * SIP INFO reaches the other party as RFC 4733 telephone events (which a phone that never speaks INFO understands).
 */
class SignallingDetailsIT {
    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void aCancelOfAnotherTransactionWithTheSameCallIdCancelsNothing() {
        try (SwitchFixture sw = new SwitchFixture()) {
            BaresipPhone bob = sw.registeredPhone(sw.spec("201", 1000).manualAnswer());
            try (RawSip alice = new RawSip(sw.dialtone.sipPort()); RawSip stranger = new RawSip(sw.dialtone.sipPort())) {
                RawSip.Request invite = RegistrarIT.invite(alice, "200", "201");
                RawSip.Msg challenge = alice.call(invite);
                RawSip.Request authorized = invite.next().authorize(challenge, "200", SwitchFixture.password("200"));
                alice.send(authorized.text());
                bob.awaitEvent("CALL_INCOMING", T);

                // another device, the same Call-ID: its CANCEL matches no transaction of its own
                RawSip.Request forged = new RawSip.Request("CANCEL", authorized.requestUri, "200", "201",
                        authorized.callId, authorized.cseq, new LinkedHashMap<>(), "", stranger.localPort());
                stranger.send(forged.text());
                assertThat(stranger.awaitResponse("CANCEL", T).status()).isEqualTo(481);
                // the caller's own CANCEL of another transaction (another branch) of the same call: nothing either
                RawSip.Request otherBranch = authorized.cancel();
                otherBranch.branch = "z9hG4bK-not-the-invite";
                alice.send(otherBranch.text());
                assertThat(alice.awaitResponse("CANCEL", T).status()).isEqualTo(481);
                assertThat(sw.dialtone.calls().activeChannels()).as("still ringing").isEqualTo(2);
                assertThat(bob.eventHistory()).noneMatch(e -> e.startsWith("CALL_CLOSED"));

                alice.send(authorized.cancel().text());
                assertThat(alice.awaitResponse("CANCEL", T).status()).isEqualTo(200);
                assertThat(alice.awaitResponse("INVITE", T).status()).isEqualTo(487);
                bob.awaitEvent("CALL_CLOSED", T);
            }
            sw.awaitNoLeak();
        }
    }

    @Test
    void dtmfSentAsSipInfoReachesTheOtherPhoneAsTelephoneEvents() {
        try (SwitchFixture sw = new SwitchFixture()) {
            BaresipPhone bob = sw.registeredPhone("201", 1000);
            try (RawSip alice = new RawSip(sw.dialtone.sipPort())) {
                RawSip.Request invite = RegistrarIT.invite(alice, "200", "201");
                RawSip.Msg ok = alice.callWithAuth(invite, "200", SwitchFixture.password("200"));
                assertThat(ok.status()).isEqualTo(200);
                bob.awaitEvent("CALL_ESTABLISHED", T);

                RawSip.Request info = invite.inDialog("INFO", ok, 10)
                        .body("application/dtmf-relay", "Signal=5\r\nDuration=200\r\n");
                alice.send(info.text());
                assertThat(alice.awaitResponse("INFO", T).status()).isEqualTo(200);

                var digit = bob.awaitEvent("CALL_DTMF_START", T);
                assertThat(digit.path("param").asString()).isEqualTo("5");
                alice.send(invite.inDialog("BYE", ok, 11).text());
                assertThat(alice.awaitResponse("BYE", T).status()).isEqualTo(200);
                bob.awaitEvent("CALL_CLOSED", T);
            }
            await().atMost(T).untilAsserted(sw::awaitNoLeak);
        }
    }
}
