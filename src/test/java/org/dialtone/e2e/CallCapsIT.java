package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dialtone.testing.BaresipPhone;
import org.junit.jupiter.api.Test;

/**
 * Resource caps on calls, as phones and API clients see them: an account over its limit of concurrent calls is busy
 * (486) whether it calls or is called, a customer over its limit gets 503 (the API 503 unavailable) while another
 * customer calls on, the call already up keeps its audio, and a call left on hold is hung up after the maximum.
 */
class CallCapsIT {
    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void aSecondCallOverTheAccountLimitIsBusyBothWaysWhileTheFirstKeepsItsAudio() {
        try (SwitchFixture sw = new SwitchFixture(Map.of("DIALTONE_LIMITS_MAX_CALLS_PER_ACCOUNT", "1"))) {
            BaresipPhone alice = sw.registeredPhone("200", 440);
            BaresipPhone bob = sw.registeredPhone("201", 1000);
            alice.dialAndConnect("201", bob, T);
            bob.awaitReceivedAudio(0.5, T);

            try (RawSip ua = new RawSip(sw.dialtone.sipPort())) {
                var ownLimit = ua.callWithAuth(RegistrarIT.invite(ua, "200", "202"), "200", SwitchFixture.password("200"));
                assertThat(ownLimit.status()).as("200 calls a second time").isEqualTo(486);
                var calleeLimit = ua.callWithAuth(RegistrarIT.invite(ua, "202", "201"), "202", SwitchFixture.password("202"));
                assertThat(calleeLimit.status()).as("202 calls 201, who is on the phone").isEqualTo(486);
            }
            assertThat(refused(sw, "account")).isEqualTo(2);
            alice.awaitReceivedAudio(2.0, T); // still receiving, well after the refusals
            bob.awaitReceivedAudio(2.0, T);
            assertThat(bob.eventHistory()).noneMatch(e -> e.startsWith("CALL_CLOSED"));

            alice.hangup();
            bob.awaitEvent("CALL_CLOSED", T);
            sw.awaitNoLeak();
            try (RawSip ua = new RawSip(sw.dialtone.sipPort())) { // the slot was given back: 202 has no phone, 480
                assertThat(ua.callWithAuth(RegistrarIT.invite(ua, "200", "202"), "200", SwitchFixture.password("200"))
                        .status()).isEqualTo(480);
            }
        }
    }

    @Test
    void aCustomerOverItsLimitGets503AndTheApiUnavailableWhileAnotherCustomerCallsOn() {
        try (SwitchFixture sw = new SwitchFixture(Map.of("DIALTONE_LIMITS_MAX_CALLS_PER_CUSTOMER", "1"))) {
            BaresipPhone alice = sw.registeredPhone("200", 440);
            BaresipPhone bob = sw.registeredPhone("201", 1000);
            alice.dialAndConnect("201", bob, T);

            try (RawSip ua = new RawSip(sw.dialtone.sipPort())) {
                var refusedCall = ua.callWithAuth(RegistrarIT.invite(ua, "202", "226"), "202", SwitchFixture.password("202"));
                assertThat(refusedCall.status()).isEqualTo(503);
                var otherCustomer = ua.callWithAuth(RegistrarIT.invite(ua, "c2-200", "210"), "c2-200",
                        SwitchFixture.password("c2-200"));
                assertThat(otherCustomer.status()).as("customer 2000002's 210 has no phone: 480, not refused").isEqualTo(480);
            }
            var originate = new ActionClient(sw.dialtone.httpPort(), sw.token)
                    .post("originate", "{\"extension_number\":\"226\",\"number\":\"202\"}");
            assertThat(originate.status()).as(originate.toString()).isEqualTo(503);
            assertThat(originate.error()).isEqualTo("unavailable");
            assertThat(originate.body().path("msg").asString()).contains("limit of 1 concurrent calls");
            assertThat(refused(sw, "customer")).isEqualTo(2);
            bob.awaitReceivedAudio(1.5, T);
            alice.hangup();
            bob.awaitEvent("CALL_CLOSED", T);
            sw.awaitNoLeak();
        }
    }

    @Test
    void aCallLeftOnHoldIsHungUpAfterTheMaximumHoldTime() {
        try (SwitchFixture sw = new SwitchFixture(Map.of("DIALTONE_LIMITS_MAX_HOLD_SECONDS", "2"))) {
            BaresipPhone alice = sw.registeredPhone("200", 440);
            BaresipPhone bob = sw.registeredPhone("201", 1000);
            alice.dialAndConnect("201", bob, T);
            bob.awaitReceivedAudio(0.5, T);

            alice.command("hold", null);

            bob.awaitEvent("CALL_CLOSED", T); // bob still sends RTP: only the hold limit ends the call
            alice.awaitEvent("CALL_CLOSED", T);
            sw.awaitNoLeak();
        }
    }

    /** {@code dialtone_calls_refused_total{limit="<limit>"}}. */
    static double refused(SwitchFixture sw, String limit) {
        String scrape = MalformedTrafficIT.httpGet(sw.dialtone.httpPort(), "/metrics").body();
        Matcher m = Pattern.compile("(?m)^dialtone_calls_refused_total\\{[^}]*limit=\"" + limit + "\"[^}]*} (\\S+)$")
                .matcher(scrape);
        assertThat(m.find()).as("dialtone_calls_refused_total{limit=%s} in%n%s", limit, scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
