package org.dialtone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.dialtone.core.event.ChannelEvent;
import org.dialtone.testing.BaresipPhone;
import org.dialtone.testing.PhoneSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who may use the switch and whom they reach: credentials, and one customer never reaching another's phones. */
class AccessIT {
    private static final Duration T = Duration.ofSeconds(10);
    private SwitchFixture sw;

    @BeforeEach void start() { sw = new SwitchFixture(); }

    @AfterEach void stop() { sw.closeCheckingNoLeak(); }

    @Test
    void phoneWithAWrongPasswordNeitherRegistersNorCalls() {
        BaresipPhone bob = sw.registeredPhone(sw.spec("201", 1000).manualAnswer());
        BaresipPhone intruder = sw.phone(sw.spec("200", 440).password("not-pw200"));

        await("registration of the wrong password refused").atMost(T).pollInterval(Duration.ofMillis(100))
                .until(() -> intruder.eventHistory().stream().anyMatch(e -> e.startsWith("REGISTER_FAIL"))
                        || intruder.registrationState() == BaresipPhone.RegistrationState.FAILED);
        assertThat(intruder.isRegistered()).isFalse();
        assertThat(sw.dialtone.sip().registrations()).isEqualTo(1);

        intruder.dial("201");
        String reason = intruder.awaitEvent("CALL_CLOSED", T).path("param").asString();
        assertThat(reason).containsAnyOf("407", "403", "401");
        assertThat(bob.eventHistory()).noneMatch(e -> e.startsWith("CALL_"));
        assertThat(sw.events.all()).isEmpty();
        assertThat(sw.dialtone.calls().callsStarted()).isZero();
    }

    @Test
    void anotherCustomersExtensionCannotReachOurs() {
        BaresipPhone bob = sw.registeredPhone(sw.spec("201", 1000).manualAnswer());
        BaresipPhone other = sw.registeredPhone(PhoneSpec.builder("c2-200").password(SwitchFixture.password("c2-200")).tone(440)
                .registrar("127.0.0.1", sw.dialtone.sipPort()));

        other.dial("201");
        String reason = other.awaitEvent("CALL_CLOSED", T).path("param").asString();
        assertThat(reason).contains("404");
        assertThat(bob.eventHistory()).noneMatch(e -> e.startsWith("CALL_"));

        List<ChannelEvent> events = sw.events.awaitHangups(1, T);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).customerCode()).isEqualTo("2000002");
        assertThat(events.get(0).caller().number()).isEqualTo("200");
        assertThat(events.get(0).caller().name()).isEqualTo("Other");
        assertThat(sw.dialtone.callRecords().recent("1000001", 10)).isEmpty();
        assertThat(sw.awaitCallRecord("2000002", events.get(0).linkedId()).toNumber()).isEqualTo("201");
    }
}
